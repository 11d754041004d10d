package org.kcyj.identity;

import java.time.Duration;

/**
 * Where wrong passwords are counted: a wrong current password given to change one's password or address counts
 * as a failed sign-in of that account at that address, so a stolen session cannot be used to guess the password
 * any faster than the sign-in page allows. Implemented by the sign-in throttle (security), which owns the counts and
 * the addresses each account signed in from; identity reaches them only through this interface.
 */
public interface PasswordGuesses {

    /** How long this account at this address must wait before a password of theirs is checked again; zero: now. */
    Duration delay(String username, String address);

    /** One more wrong password for this account at this address. */
    void failed(String username, String address);

    /** The account is removed: the addresses it signed in from are forgotten with it. */
    void forget(String username);
}

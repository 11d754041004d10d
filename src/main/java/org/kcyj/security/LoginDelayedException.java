package org.kcyj.security;

import org.springframework.security.core.AuthenticationException;

/** A sign-in refused without checking the password: too many recent failures; the caller may retry after the wait. */
class LoginDelayedException extends AuthenticationException {
    private final long seconds;

    LoginDelayedException(long seconds) {
        super("Too many failed sign-ins; try again in " + seconds + " s");
        this.seconds = seconds;
    }

    long seconds() {
        return seconds;
    }
}

package org.kcyj.identity;

import java.time.Clock;
import java.time.Instant;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsPasswordService;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/**
 * Loads portal and API users from our own user table. An initial password past its validity is "expired": Spring
 * Security refuses it after checking it, so it no longer signs in (the user resets it by mail). A hash of an older
 * scheme is replaced at sign-in by one of the current scheme ({@link #updatePassword}).
 */
@Service
class AccountUserDetailsService implements UserDetailsService, UserDetailsPasswordService {
    private final UserDirectory users;
    private final Clock clock;

    AccountUserDetailsService(UserDirectory users, Clock clock) {
        this.users = users;
        this.clock = clock;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        UserDirectory.PasswordState state = users.passwordState(username)
                .orElseThrow(() -> new UsernameNotFoundException(username));
        String[] roles = users.rolesOf(username).stream().map(Enum::name).toArray(String[]::new);
        return User.withUsername(username).password(state.hash()).roles(roles)
                .credentialsExpired(state.initialExpired(Instant.now(clock))).build();
    }

    @Override
    public UserDetails updatePassword(UserDetails user, String newHash) {
        users.upgradeHash(user.getUsername(), newHash);
        return User.withUserDetails(user).password(newHash).build();
    }
}

package org.kcyj.identity;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Service;

/** Loads portal and API users from our own user table (bcrypt hashes). */
@Service
class AccountUserDetailsService implements UserDetailsService {
    private final UserDirectory users;

    AccountUserDetailsService(UserDirectory users) {
        this.users = users;
    }

    @Override
    public UserDetails loadUserByUsername(String username) {
        String hash = users.passwordHash(username).orElseThrow(() -> new UsernameNotFoundException(username));
        String[] roles = users.rolesOf(username).stream().map(Enum::name).toArray(String[]::new);
        return User.withUsername(username).password(hash).roles(roles).build();
    }
}

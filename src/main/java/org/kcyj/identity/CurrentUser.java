package org.kcyj.identity;

import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Component;

/** The signed-in user as a domain account, for facades that check role and ownership. */
@Component
public class CurrentUser {
    private final UserDirectory users;

    CurrentUser(UserDirectory users) {
        this.users = users;
    }

    public UserAccount get() {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated()) {
            throw new org.springframework.security.authentication.AuthenticationCredentialsNotFoundException("not signed in");
        }
        return users.require(auth.getName());
    }

    public UserAccount of(Authentication auth) {
        return users.require(auth.getName());
    }
}

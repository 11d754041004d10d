package org.kcyj.identity;

import java.util.Set;

/** A person who signs in, with their unit (for applicants and unit admins) and roles. */
public record UserAccount(String username, String displayName, String email, Long unitId, boolean international,
                          Set<Role> roles) {

    public boolean has(Role role) {
        return roles.contains(role);
    }
}

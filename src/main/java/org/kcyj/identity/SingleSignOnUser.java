package org.kcyj.identity;

import java.util.Collection;

import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.oauth2.core.oidc.OidcIdToken;
import org.springframework.security.oauth2.core.oidc.OidcUserInfo;
import org.springframework.security.oauth2.core.oidc.user.DefaultOidcUser;

/**
 * A person signed in through the single sign-on, as the rest of the application sees every signed-in user: named by
 * our own user name ({@link CurrentUser} looks the account up by it) and holding our roles (ROLE_ + name), not the
 * provider's subject and scopes. The provider's claims stay available as attributes.
 */
final class SingleSignOnUser extends DefaultOidcUser {
    private static final long serialVersionUID = 1L;
    private final String username;

    SingleSignOnUser(Collection<? extends GrantedAuthority> authorities, OidcIdToken idToken, OidcUserInfo userInfo,
                     String username) {
        super(authorities, idToken, userInfo);
        this.username = username;
    }

    @Override
    public String getName() {
        return username;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof SingleSignOnUser that && super.equals(that);
    }

    @Override
    public int hashCode() {
        return super.hashCode();
    }
}

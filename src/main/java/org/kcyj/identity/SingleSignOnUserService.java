package org.kcyj.identity;

import java.util.List;

import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.authority.SimpleGrantedAuthority;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserRequest;
import org.springframework.security.oauth2.client.oidc.userinfo.OidcUserService;
import org.springframework.security.oauth2.client.userinfo.OAuth2UserService;
import org.springframework.security.oauth2.core.oidc.IdTokenClaimNames;
import org.springframework.security.oauth2.core.oidc.user.OidcUser;

/**
 * Turns the provider's validated ID token (and its user info) into our signed-in user: Spring Security's own
 * {@link OidcUserService} reads the claims, {@link SingleSignOnAccounts} finds, links or creates the account (or, when
 * the sign-on was started in a session signed in with a password, links that account), and the result carries the
 * account's user name and roles ({@link SingleSignOnUser}).
 */
final class SingleSignOnUserService implements OAuth2UserService<OidcUserRequest, OidcUser> {
    private final OidcUserService provider = new OidcUserService();
    private final SingleSignOnAccounts accounts;
    private final UserDirectory users;

    SingleSignOnUserService(SingleSignOnAccounts accounts, UserDirectory users) {
        this.accounts = accounts;
        this.users = users;
    }

    @Override
    public OidcUser loadUser(OidcUserRequest request) {
        OidcUser claims = provider.loadUser(request);
        SingleSignOnAccounts.Identity identity = new SingleSignOnAccounts.Identity(
                claims.getIdToken().getClaimAsString(IdTokenClaimNames.ISS), claims.getSubject(),
                claims.getPreferredUsername(), displayName(claims), claims.getEmail(),
                Boolean.TRUE.equals(claims.getEmailVerified()));
        // started in a session signed in with a password: the person links their provider identity to that account
        Authentication current = SecurityContextHolder.getContext().getAuthentication();
        String username = current instanceof UsernamePasswordAuthenticationToken && current.isAuthenticated()
                ? accounts.linkSignedIn(identity, current.getName())
                : accounts.signIn(identity);
        List<SimpleGrantedAuthority> roles = users.rolesOf(username).stream()
                .map(role -> new SimpleGrantedAuthority(role.authority())).toList();
        return new SingleSignOnUser(roles, claims.getIdToken(), claims.getUserInfo(), username);
    }

    /** The name as the provider gives it, else family and given name (in Chinese order), else nothing. */
    private static String displayName(OidcUser claims) {
        if (claims.getFullName() != null && !claims.getFullName().isBlank()) {
            return claims.getFullName();
        }
        String family = claims.getFamilyName() == null ? "" : claims.getFamilyName().strip();
        String given = claims.getGivenName() == null ? "" : claims.getGivenName().strip();
        String joined = family.isEmpty() || given.isEmpty() ? family + given
                : family.chars().anyMatch(c -> c > 0x2E80) ? family + given : given + " " + family;
        return joined.isBlank() ? null : joined;
    }
}

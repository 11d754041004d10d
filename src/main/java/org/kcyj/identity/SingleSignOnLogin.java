package org.kcyj.identity;

import java.io.IOException;
import java.util.Set;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.security.config.annotation.ObjectPostProcessor;
import org.springframework.security.config.annotation.web.builders.HttpSecurity;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.oauth2.client.web.HttpSessionOAuth2AuthorizedClientRepository;
import org.springframework.security.oauth2.client.web.OAuth2AuthorizationRequestRedirectFilter;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.web.DefaultRedirectStrategy;
import org.springframework.security.web.authentication.AuthenticationFailureHandler;

/**
 * The single sign-on on the portal's chain (the session and CSRF one), beside the password form: the button on
 * /login starts it at /oauth2/authorization/gov, the provider sends the person back to /login/oauth2/code/gov, and
 * they land where a password sign-in lands. The session gets a new id and is stamped with the account's state at
 * sign-in like a password sign-in (the same InteractiveAuthenticationSuccessEvent), so the account's later changes
 * end it. A refusal or failure is a page saying why ({@link SingleSignOnPages}), never a server error. Exists only
 * when a provider is configured ({@link SingleSignOnConfig}).
 */
public final class SingleSignOnLogin {
    /** Where the single sign-on starts, where the provider returns, and the page of its refusals. */
    private static final Set<String> PATHS = Set.of("/oauth2/authorization/" + SingleSignOnRegistrations.ID,
            "/login/oauth2/code/" + SingleSignOnRegistrations.ID, SingleSignOnPages.REFUSED);

    private final SingleSignOnRegistrations registrations;
    private final SingleSignOnUserService userService;

    SingleSignOnLogin(SingleSignOnRegistrations registrations, SingleSignOnUserService userService) {
        this.registrations = registrations;
        this.userService = userService;
    }

    /** Whether the request is for one of the single sign-on's own addresses, which anyone may open. */
    public boolean handles(HttpServletRequest request) {
        return PATHS.contains(request.getRequestURI().substring(request.getContextPath().length()));
    }

    /** Adds the single sign-on to the chain, its success going where a password sign-in's goes. */
    public void configure(HttpSecurity http, String loginPage, String defaultSuccessUrl) throws Exception {
        AuthenticationFailureHandler failures = SingleSignOnLogin::refused;
        http.oauth2Login(login -> login
                .loginPage(loginPage)
                .clientRegistrationRepository(registrations)
                // the provider's tokens are not used after sign-in: kept in the session, gone with it
                .authorizedClientRepository(new HttpSessionOAuth2AuthorizedClientRepository())
                // a provider that cannot be reached when the sign-on starts: the refusal page, not a 500
                .withObjectPostProcessor(new ObjectPostProcessor<OAuth2AuthorizationRequestRedirectFilter>() {
                    @Override
                    public <O extends OAuth2AuthorizationRequestRedirectFilter> O postProcess(O filter) {
                        filter.setAuthenticationFailureHandler(failures);
                        return filter;
                    }
                })
                .userInfoEndpoint(info -> info.oidcUserService(userService))
                .defaultSuccessUrl(defaultSuccessUrl, false)
                .failureHandler(failures));
    }

    /** Sends a refused or failed sign-on to the page that says why. */
    private static void refused(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        new DefaultRedirectStrategy().sendRedirect(request, response, SingleSignOnPages.REFUSED + "?reason=" + reason(e));
    }

    static String reason(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof OAuth2AuthenticationException oauth) {
                switch (oauth.getError().getErrorCode()) {
                    case SingleSignOnAccounts.STAFF:
                        return "staff";
                    case SingleSignOnAccounts.DISABLED:
                        return "disabled";
                    case SingleSignOnAccounts.LINKED_ELSEWHERE:
                        return "linked";
                    case SingleSignOnRegistrations.UNAVAILABLE:
                        return "unavailable";
                    default:
                        break;
                }
            }
        }
        return "failed";
    }
}

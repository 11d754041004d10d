package org.kcyj.identity;

import jakarta.servlet.http.HttpServletRequest;

import org.kcyj.shared.ProblemResponses;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.InteractiveAuthenticationSuccessEvent;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Registers {@link AccountStateFilter} right after Spring Security's filter chain, so it sees who signed in; and
 * marks a session at sign-in with the password it signed in with.
 */
@Configuration(proxyBeanMethods = false)
class AccountStateConfig {
    private final UserDirectory users;

    AccountStateConfig(UserDirectory users) {
        this.users = users;
    }

    @Bean
    FilterRegistrationBean<AccountStateFilter> accountStateFilter(ProblemResponses problems, ObjectMapper json) {
        FilterRegistrationBean<AccountStateFilter> registration =
                new FilterRegistrationBean<>(new AccountStateFilter(users, problems, json));
        registration.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 1);
        registration.addUrlPatterns("/*");
        return registration;
    }

    /** A form sign-in: the session (already given its new id) holds the password's moment from now on. */
    @EventListener
    void signedIn(InteractiveAuthenticationSuccessEvent event) {
        if (RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes) {
            HttpServletRequest request = attributes.getRequest();
            users.passwordState(event.getAuthentication().getName()).ifPresent(state ->
                    AccountStateFilter.signedInNow(request.getSession(), state.changedAt()));
        }
    }
}

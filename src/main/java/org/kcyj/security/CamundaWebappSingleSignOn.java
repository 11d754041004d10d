package org.kcyj.security;

import java.util.Map;

import org.camunda.bpm.engine.rest.security.auth.ProcessEngineAuthenticationFilter;
import org.camunda.bpm.engine.rest.security.auth.impl.ContainerBasedAuthenticationProvider;
import org.camunda.bpm.webapp.impl.security.auth.ContainerBasedAuthenticationFilter;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Administrators sign in once, at the portal: Camunda's webapps take the user Spring Security has
 * authenticated (the request's principal) instead of asking again. Without this, the webapps' own
 * login would replace the portal session. The filter runs after Spring Security, so only an ADMIN
 * ever reaches it.
 */
@Configuration
class CamundaWebappSingleSignOn {

    /**
     * The REST API runs its calls as the administrator Spring Security authenticated, so the engine
     * applies its per-user limits, such as the cap on query results.
     */
    @Bean
    FilterRegistrationBean<ProcessEngineAuthenticationFilter> camundaRestAuthentication() {
        FilterRegistrationBean<ProcessEngineAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new ProcessEngineAuthenticationFilter());
        registration.setInitParameters(Map.of("authentication-provider", ContainerBasedAuthenticationProvider.class.getName(),
                "rest-url-pattern-prefix", "/engine-rest"));
        registration.addUrlPatterns("/engine-rest/*");
        return registration;
    }

    @Bean
    FilterRegistrationBean<ContainerBasedAuthenticationFilter> camundaContainerAuthentication() {
        FilterRegistrationBean<ContainerBasedAuthenticationFilter> registration =
                new FilterRegistrationBean<>(new ContainerBasedAuthenticationFilter());
        registration.setInitParameters(Map.of("authentication-provider", ContainerBasedAuthenticationProvider.class.getName()));
        registration.addUrlPatterns("/camunda/*");
        return registration;
    }
}

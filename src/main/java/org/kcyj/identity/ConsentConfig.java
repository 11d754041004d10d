package org.kcyj.identity;

import org.kcyj.shared.ProblemResponses;
import org.springframework.boot.autoconfigure.security.SecurityProperties;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.web.servlet.LocaleResolver;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Registers {@link ConsentFilter} right after {@link AccountStateFilter} (itself right after Spring Security's
 * chain): a session ended by an account change ends before anyone is asked for consent.
 */
@Configuration(proxyBeanMethods = false)
class ConsentConfig {

    @Bean
    FilterRegistrationBean<ConsentFilter> consentFilter(Registration registration,
                                                        ProblemResponses problems, ObjectMapper json,
                                                        LocaleResolver localeResolver) {
        FilterRegistrationBean<ConsentFilter> filter =
                new FilterRegistrationBean<>(new ConsentFilter(registration, problems, json, localeResolver));
        filter.setOrder(SecurityProperties.DEFAULT_FILTER_ORDER + 2);
        filter.addUrlPatterns("/*");
        return filter;
    }
}

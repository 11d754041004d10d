package org.kcyj.identity;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.util.StringUtils;
import org.kcyj.audit.AuditLog;

/**
 * The government single sign-on (OpenID Connect), present only when {@code kcyj.sso.issuer} names a provider
 * (KCYJ_OIDC_ISSUER; docs/accounts-sso.md). Without it none of these beans exist: the sign-in page shows no button
 * and /oauth2/** is refused like any other unknown address.
 */
@Configuration(proxyBeanMethods = false)
@Conditional(SingleSignOnConfig.Enabled.class)
class SingleSignOnConfig {

    @Bean
    SingleSignOnRegistrations singleSignOnRegistrations(@Value("${kcyj.sso.issuer}") String issuer,
                                                        @Value("${kcyj.sso.client-id:}") String clientId,
                                                        @Value("${kcyj.sso.client-secret:}") String clientSecret) {
        // what is wrong without asking the provider is said at start-up, not at someone's first sign-on
        if (clientId.isBlank()) {
            throw new IllegalStateException("KCYJ_OIDC_ISSUER is set but KCYJ_OIDC_CLIENT_ID is not: set both (and "
                    + "KCYJ_OIDC_CLIENT_SECRET), or neither to turn the single sign-on off");
        }
        return new SingleSignOnRegistrations(issuer.strip(), clientId.strip(), clientSecret);
    }

    @Bean
    SingleSignOnAccounts singleSignOnAccounts(JdbcClient jdbc, UserDirectory users, Registration registration,
                                              AuditLog audit, PlatformTransactionManager transactions,
                                              java.time.Clock clock) {
        return new SingleSignOnAccounts(jdbc, users, registration, audit, transactions, clock);
    }

    @Bean
    SingleSignOnLogin singleSignOnLogin(SingleSignOnRegistrations registrations, SingleSignOnAccounts accounts,
                                        UserDirectory users) {
        return new SingleSignOnLogin(registrations, new SingleSignOnUserService(accounts, users));
    }

    /** Whether a provider is configured: an issuer that is set and not blank. */
    static final class Enabled implements Condition {
        @Override
        public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
            return StringUtils.hasText(context.getEnvironment().getProperty("kcyj.sso.issuer"));
        }
    }
}

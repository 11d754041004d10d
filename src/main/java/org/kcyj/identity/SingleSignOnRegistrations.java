package org.kcyj.identity;

import java.time.Duration;
import java.time.Instant;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.oauth2.client.registration.ClientRegistration;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;
import org.springframework.security.oauth2.client.registration.ClientRegistrations;
import org.springframework.security.oauth2.core.AuthorizationGrantType;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;

/**
 * The one client registration, "gov": the provider's endpoints are read from its discovery document
 * ({issuer}/.well-known/openid-configuration) the first time someone starts a single sign-on, not at startup, so the
 * portal starts (and password sign-in works) while the provider is down. Once read they are kept until the
 * application restarts. A failed discovery is not retried for {@link #RETRY_AFTER}: meanwhile a sign-on is refused
 * at once with "temporarily unavailable" ({@link #UNAVAILABLE}) rather than each waiting for the provider.
 */
final class SingleSignOnRegistrations implements ClientRegistrationRepository {
    static final String ID = "gov";
    static final String UNAVAILABLE = "kcyj_sso_unavailable";
    static final Duration RETRY_AFTER = Duration.ofSeconds(10);
    private static final Logger log = LoggerFactory.getLogger(SingleSignOnRegistrations.class);

    private final String issuer;
    private final String clientId;
    private final String clientSecret;
    private volatile ClientRegistration registration;
    private volatile Instant failedAt;

    SingleSignOnRegistrations(String issuer, String clientId, String clientSecret) {
        this.issuer = issuer;
        this.clientId = clientId;
        this.clientSecret = clientSecret;
    }

    @Override
    public ClientRegistration findByRegistrationId(String registrationId) {
        if (!ID.equals(registrationId)) {
            return null;
        }
        ClientRegistration known = registration;
        return known != null ? known : discover();
    }

    private synchronized ClientRegistration discover() {
        if (registration != null) {
            return registration;
        }
        Instant failed = failedAt;
        if (failed != null && Instant.now().isBefore(failed.plus(RETRY_AFTER))) {
            throw unavailable(null);
        }
        try {
            registration = ClientRegistrations.fromOidcIssuerLocation(issuer)
                    .registrationId(ID)
                    .clientId(clientId)
                    .clientSecret(clientSecret)
                    .authorizationGrantType(AuthorizationGrantType.AUTHORIZATION_CODE)
                    .redirectUri("{baseUrl}/login/oauth2/code/{registrationId}")
                    .scope("openid", "profile", "email")
                    .build();
            failedAt = null;
            return registration;
        } catch (RuntimeException e) {
            failedAt = Instant.now();
            log.warn("Single sign-on provider {} could not be discovered: {}", issuer, e.toString());
            throw unavailable(e);
        }
    }

    private static OAuth2AuthenticationException unavailable(Throwable cause) {
        OAuth2Error error = new OAuth2Error(UNAVAILABLE, "The single sign-on provider cannot be reached", null);
        return cause == null ? new OAuth2AuthenticationException(error) : new OAuth2AuthenticationException(error, cause);
    }
}

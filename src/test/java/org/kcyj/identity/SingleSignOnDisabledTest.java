package org.kcyj.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kcyj.support.IntegrationTest;
import org.kcyj.support.RawClient;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.security.oauth2.client.registration.ClientRegistrationRepository;

/**
 * Without a provider (no KCYJ_OIDC_ISSUER) nothing of the single sign-on exists: no button, no client registration,
 * and its addresses are refused like any unknown one (sent to sign in, never to a provider).
 */
@IntegrationTest
class SingleSignOnDisabledTest {
    @LocalServerPort
    int port;
    @Autowired
    ApplicationContext context;

    @Test
    void withoutAProviderTheSignInPageHasNoButtonAndTheSingleSignOnAddressesLeadNowhere() {
        RawClient http = new RawClient(port);
        RawClient.Reply login = http.send("GET", "/login", null, (String) null);
        assertThat(login.status()).isEqualTo(200);
        assertThat(login.body()).contains("name=\"password\"").doesNotContain("/oauth2/authorization");

        for (String path : new String[] {"/oauth2/authorization/gov", "/login/oauth2/code/gov?code=x&state=y",
                "/login/oauth2/refused?reason=staff"}) {
            RawClient.Reply reply = http.send("GET", path, null, (String) null);
            assertThat(reply.status()).as(path).isIn(302, 403, 404);
            if (reply.status() == 302) {
                assertThat(reply.location()).as(path).endsWith("/login");
            }
        }
        assertThat(context.getBeanNamesForType(ClientRegistrationRepository.class)).isEmpty();
        assertThat(context.getBeanNamesForType(SingleSignOnLogin.class)).isEmpty();
    }
}

package org.kcyj.identity;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.net.ServerSocket;

import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;

/**
 * A provider that cannot be reached when someone starts a single sign-on: the sign-on is refused as "unavailable"
 * (a page, see SingleSignOnLogin), and for a few seconds further attempts are refused at once without asking it again.
 */
class SingleSignOnRegistrationsTest {

    @Test
    void anUnreachableProviderMakesTheSignOnUnavailableWithoutStoppingAnythingElse() throws IOException {
        int closedPort;
        try (ServerSocket socket = new ServerSocket(0)) {
            closedPort = socket.getLocalPort();
        }
        SingleSignOnRegistrations registrations =
                new SingleSignOnRegistrations("http://127.0.0.1:" + closedPort, "client", "secret");
        assertThat(registrations.findByRegistrationId("other")).isNull();

        long first = System.nanoTime();
        assertThatThrownBy(() -> registrations.findByRegistrationId("gov"))
                .isInstanceOfSatisfying(OAuth2AuthenticationException.class, e -> {
                    assertThat(e.getError().getErrorCode()).isEqualTo(SingleSignOnRegistrations.UNAVAILABLE);
                    assertThat(SingleSignOnLogin.reason(e)).isEqualTo("unavailable");
                });
        assertThatThrownBy(() -> registrations.findByRegistrationId("gov"))
                .isInstanceOfSatisfying(OAuth2AuthenticationException.class, e -> {
                    assertThat(e.getError().getErrorCode()).isEqualTo(SingleSignOnRegistrations.UNAVAILABLE);
                    assertThat(e.getCause()).as("not asked again so soon").isNull();
                });
        assertThat(System.nanoTime() - first).isLessThan(SingleSignOnRegistrations.RETRY_AFTER.toNanos());
    }
}

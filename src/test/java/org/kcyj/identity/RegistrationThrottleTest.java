package org.kcyj.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.kcyj.mail.MailDispatcher;
import org.kcyj.support.Api;
import org.kcyj.support.ProductionLikeTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;

/** Registrations are limited per requesting address: after the limit, 429, and nothing is registered or mailed. */
@ProductionLikeTest
@TestPropertySource(properties = "kcyj.registration.per-address=3")
class RegistrationThrottleTest {
    @LocalServerPort
    int port;
    @Autowired
    MailDispatcher dispatcher;

    @Test
    void theFourthRegistrationFromOneAddressWithinAnHourIsRefused() {
        Onboarding on = new Onboarding(port, dispatcher);
        for (int i = 0; i < 3; i++) {
            Api.Response accepted = on.register(Onboarding.newPerson("throttled"));
            assertThat(accepted.status()).as(accepted.text()).isEqualTo(202);
        }
        Onboarding.Person fourth = Onboarding.newPerson("throttled");
        Api.Response refused = on.register(fourth);
        assertThat(refused.status()).as(refused.text()).isEqualTo(429);
        assertThat(refused.text()).contains("throttled");
        dispatcher.flush();
        assertThat(Onboarding.mails(fourth.email(), "")).isZero();
        assertThat(on.as(ProductionLikeTest.ADMIN, ProductionLikeTest.ADMIN_PASSWORD)
                .get("/api/v1/people?q=" + fourth.username()).json().get("total")).isEqualTo(0);
    }
}

package org.kcyj.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.kcyj.support.MutableClock;

/** Failed sign-ins are counted per account and per address within a window, then forgotten. */
class LoginThrottleTest {
    private final MutableClock clock = new MutableClock();
    private final LoginThrottle throttle = new LoginThrottle(clock, 5, 20, 15);

    @Test
    void anAccountIsBlockedAfterFiveFailuresUntilTheWindowPasses() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("Applicant1", "10.0.0.1");
        }
        assertThat(throttle.blocked("applicant1", "10.0.0.1")).isFalse();
        throttle.failed("applicant1 ", "10.0.0.2");
        assertThat(throttle.blocked("APPLICANT1", "10.0.0.3")).as("any address, any case").isTrue();
        assertThat(throttle.blocked("applicant2", "10.0.0.3")).isFalse();
        clock.advance(Duration.ofMinutes(16));
        assertThat(throttle.blocked("applicant1", "10.0.0.1")).isFalse();
    }

    @Test
    void anAddressIsBlockedAfterTwentyFailuresAcrossAccounts() {
        for (int i = 0; i < 20; i++) {
            throttle.failed("user" + i, "192.0.2.7");
        }
        assertThat(throttle.blocked("someone-new", "192.0.2.7")).isTrue();
        assertThat(throttle.blocked("someone-new", "192.0.2.8")).isFalse();
    }

    @Test
    void aSuccessfulSignInClearsTheAccountsCount() {
        for (int i = 0; i < 4; i++) {
            throttle.failed("reviewer1", "10.0.0.1");
        }
        throttle.succeeded("reviewer1");
        throttle.failed("reviewer1", "10.0.0.1");
        assertThat(throttle.blocked("reviewer1", "10.0.0.1")).isFalse();
    }
}

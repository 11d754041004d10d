package org.kcyj.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import org.junit.jupiter.api.Test;
import org.kcyj.support.MutableClock;

/** Reset requests per address: the limit within the window, then free again once the window has passed. */
class AccountServiceThrottleTest {

    @Test
    void anAddressIsRefusedPastTheLimitUntilTheWindowPasses() {
        MutableClock clock = new MutableClock();
        AccountService.AddressThrottle throttle = new AccountService.AddressThrottle(10, Duration.ofHours(1), clock);
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.allow("192.0.2.7")).as("request " + (i + 1)).isTrue();
        }
        assertThat(throttle.allow("192.0.2.7")).isFalse();
        assertThat(throttle.allow("192.0.2.8")).as("another address").isTrue();
        clock.advance(Duration.ofMinutes(61));
        assertThat(throttle.allow("192.0.2.7")).isTrue();
    }
}

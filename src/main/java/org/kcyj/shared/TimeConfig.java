package org.kcyj.shared;

import java.time.Clock;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** The one clock of the application; tests replace it to move time. */
@Configuration
class TimeConfig {

    @Bean
    Clock clock() {
        return Clock.system(BusinessTime.ZONE);
    }
}

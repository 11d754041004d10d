package org.kcyj.shared;

import org.springframework.context.annotation.Configuration;
import org.springframework.scheduling.annotation.EnableScheduling;

/**
 * Runs the application's own {@code @Scheduled} work, such as sending queued mail. Process timers are not
 * among it: Camunda's job executor fires those on its own threads.
 */
@Configuration
@EnableScheduling
class SchedulingConfig {
}

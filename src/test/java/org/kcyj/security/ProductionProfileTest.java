package org.kcyj.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.kcyj.KcyjApplication;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserDirectory;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** Outside the demo profile there are no demo users, and the demo password is refused at start-up. */
@Tag("integration") // starts a Spring context: the integration lane (mvn verify)
@Tag("db")
class ProductionProfileTest {

    private static SpringApplicationBuilder application(String adminPassword) {
        return new SpringApplicationBuilder(KcyjApplication.class)
                .profiles("production-check")
                // Defaults fill application.yml's placeholders (PORT, KCYJ_ADMIN_PASSWORD); arguments override its values.
                .properties("PORT=0", "KCYJ_ADMIN_PASSWORD=" + adminPassword,
                        "KCYJ_DATA_KEY=" + java.util.Base64.getEncoder().encodeToString(new byte[32]));
    }

    private static final String[] ARGS = {"--camunda.bpm.job-execution.enabled=false"};

    @Test
    void refusesToStartWithTheDemoPassword() {
        assertThatThrownBy(() -> application("demo").run(ARGS).close())
                .hasStackTraceContaining("demo password");
    }

    @Test
    void startsWithARealPasswordAndCreatesOnlyTheFirstAdministrator() {
        try (ConfigurableApplicationContext context = application("Str0ng-and-long-passphrase").run(ARGS)) {
            UserDirectory users = context.getBean(UserDirectory.class);
            assertThat(users.withRole(Role.ADMIN)).extracting("username").containsExactly("admin");
            assertThat(users.exists("applicant1")).isFalse();
            assertThat(users.accountsWithPassword("demo")).isEmpty();
        }
    }
}

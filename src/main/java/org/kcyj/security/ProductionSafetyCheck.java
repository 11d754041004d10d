package org.kcyj.security;

import java.util.List;

import org.kcyj.identity.UserDirectory;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.context.annotation.Profile;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.Profiles;
import org.springframework.stereotype.Component;

/**
 * Outside the demo profile the application refuses to run with the demo password: the administrator's
 * password is checked before anything starts; accounts in the database right after start-up.
 */
@Component
@Profile("!demo")
@Order(2)
class ProductionSafetyCheck implements ApplicationRunner {
    static final String DEMO_PASSWORD = "demo";
    private final UserDirectory users;

    ProductionSafetyCheck(UserDirectory users) {
        this.users = users;
    }

    @Override
    public void run(ApplicationArguments args) {
        List<String> weak = users.accountsWithPassword(DEMO_PASSWORD);
        if (!weak.isEmpty()) {
            throw new IllegalStateException("Accounts with the demo password exist outside the demo profile: " + weak);
        }
    }

    /** Runs on the configuration alone, before the application context, the web server or the engine. */
    static class AdminPassword implements EnvironmentPostProcessor, Ordered {
        @Override
        public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
            if (environment.acceptsProfiles(Profiles.of("demo"))) {
                return;
            }
            String password = environment.getProperty("camunda.bpm.admin-user.password", "");
            if (password.isBlank() || DEMO_PASSWORD.equals(password)) {
                throw new IllegalStateException("Set KCYJ_ADMIN_PASSWORD to a real password: the demo password is "
                        + "refused outside the demo profile");
            }
            String key = environment.getProperty("kcyj.data-key", "");
            if (key.isBlank() || key.strip().equals(org.kcyj.identity.PersonalDataCipher.DEMO_KEY)) {
                throw new IllegalStateException("Set KCYJ_DATA_KEY to 32 random bytes in Base64 (openssl rand -base64 32): "
                        + "it protects the ID numbers people register with; the demo key is refused outside the demo profile");
            }
        }

        @Override
        public int getOrder() {
            return Ordered.LOWEST_PRECEDENCE;
        }
    }
}

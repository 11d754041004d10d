package org.kcyj.security;

import java.util.List;

import org.kcyj.identity.UserDirectory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.context.annotation.Profile;
import org.springframework.stereotype.Component;

/** Outside the demo profile the application refuses to start with the demo password anywhere. */
@Component
@Profile("!demo")
@org.springframework.core.annotation.Order(2)
class ProductionSafetyCheck implements ApplicationRunner {
    static final String DEMO_PASSWORD = "demo";
    private final UserDirectory users;
    private final String camundaAdminPassword;

    ProductionSafetyCheck(UserDirectory users, @Value("${camunda.bpm.admin-user.password:}") String camundaAdminPassword) {
        this.users = users;
        this.camundaAdminPassword = camundaAdminPassword;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (camundaAdminPassword.isBlank() || DEMO_PASSWORD.equals(camundaAdminPassword)) {
            throw new IllegalStateException("Set KCYJ_ADMIN_PASSWORD to a real password: the demo password is refused outside the demo profile");
        }
        List<String> weak = users.accountsWithPassword(DEMO_PASSWORD);
        if (!weak.isEmpty()) {
            throw new IllegalStateException("Accounts with the demo password exist outside the demo profile: " + weak);
        }
    }
}

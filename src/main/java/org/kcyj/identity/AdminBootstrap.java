package org.kcyj.identity;

import java.util.EnumSet;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

/**
 * A new installation has no accounts: the first administrator is created from KCYJ_ADMIN_USER and
 * KCYJ_ADMIN_PASSWORD (the same credentials as Camunda's admin user) when no administrator exists.
 */
@Component
@Order(1)
class AdminBootstrap implements ApplicationRunner {
    private static final Logger log = LoggerFactory.getLogger(AdminBootstrap.class);
    private final UserDirectory users;
    private final String username;
    private final String password;

    AdminBootstrap(UserDirectory users, @Value("${camunda.bpm.admin-user.id:admin}") String username,
                   @Value("${camunda.bpm.admin-user.password:}") String password) {
        this.users = users;
        this.username = username;
        this.password = password;
    }

    @Override
    public void run(ApplicationArguments args) {
        if (!users.withRole(Role.ADMIN).isEmpty() || password.isBlank() || users.exists(username)) {
            return;
        }
        users.createUser(username, password, "系统管理员", null, null, false, EnumSet.of(Role.ADMIN));
        log.info("Created the first administrator account '{}'", username);
    }
}

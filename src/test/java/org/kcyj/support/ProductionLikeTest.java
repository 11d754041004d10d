package org.kcyj.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;

/**
 * The whole application as production starts it, on a fresh database and a random port: no demo profile, so no
 * demo users and no demo key; only the first administrator ({@link #ADMIN}, password {@link #ADMIN_PASSWORD}).
 * Everyone else must register, be created by an administrator or join a unit, as a newcomer would. Otherwise as
 * {@link IntegrationTest} (no per-address limits on sign-in and registration): tagged "integration" and "db" (run by {@code mvn verify}, on H2 and on PostgreSQL), the job executor off (tests fire timers;
 * administrators may fire them early, as in the demo), mail to the test mail server ({@link TestMailServer}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"camunda.bpm.job-execution.enabled=false", "spring.thymeleaf.cache=false", "server.shutdown=immediate",
                "kcyj.login.address.free-failures=100000", "kcyj.login.first-delay=PT1M",
                // every registration comes from 127.0.0.1 too; the per-address limit is tested on its own
                "kcyj.registration.per-address=100000",
                "camunda.bpm.admin-user.id=" + ProductionLikeTest.ADMIN,
                "camunda.bpm.admin-user.password=" + ProductionLikeTest.ADMIN_PASSWORD,
                "kcyj.data-key=" + ProductionLikeTest.DATA_KEY,
                "kcyj.timers.fire-early=true"})
@Import(TestMailServer.Config.class)
@Tag("db")
@Tag("integration")
public @interface ProductionLikeTest {
    String ADMIN = "admin";
    String ADMIN_PASSWORD = "Bureau-first-admin-passphrase-7";
    /** Base64 of the 32 bytes "production-like-test-data-key-32": not the demo key. */
    String DATA_KEY = "cHJvZHVjdGlvbi1saWtlLXRlc3QtZGF0YS1rZXktMzI=";
}

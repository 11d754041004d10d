package org.kcyj.support;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

import org.junit.jupiter.api.Tag;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.ActiveProfiles;

/**
 * The whole application on a fresh database with the demo users, on a random port. Tagged "integration", so
 * it runs in the integration lane ({@code mvn verify}, not {@code mvn test}), and "db", so that lane runs it
 * twice: on H2 and on PostgreSQL. The job executor is off: tests fire timers. Mail goes to
 * the test mail server ({@link TestMailServer}).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"camunda.bpm.job-execution.enabled=false", "spring.thymeleaf.cache=false", "server.shutdown=immediate",
                // every test request comes from 127.0.0.1: the per-address limit is tested on its own; the first wait
                // after failed sign-ins is a minute, so tests of it do not depend on the machine's speed
                "kcyj.login.address.free-failures=100000", "kcyj.login.first-delay=PT1M",
                // registrations too (the per-address limit of registrations is tested on its own)
                "kcyj.registration.per-address=100000"})
@ActiveProfiles("demo")
@Import(TestMailServer.Config.class)
@Tag("db")
@Tag("integration")
public @interface IntegrationTest {
}

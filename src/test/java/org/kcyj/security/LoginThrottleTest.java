package org.kcyj.security;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import javax.sql.DataSource;

import org.h2.jdbcx.JdbcDataSource;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kcyj.support.MutableClock;
import org.springframework.core.io.ClassPathResource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.init.ScriptUtils;

/**
 * The delay rule with a clock: a few free failures, then a wait that doubles per failure up to a cap; per
 * account at an address, per account from unknown addresses, per address. Counts live in the database
 * (the migration's tables on H2 here; the integration test runs them on PostgreSQL too).
 */
class LoginThrottleTest {
    private static int databases;
    private final MutableClock clock = new MutableClock();
    private DataSource db;
    private LoginThrottle throttle;

    @BeforeEach
    void database() throws Exception {
        JdbcDataSource h2 = new JdbcDataSource();
        h2.setURL("jdbc:h2:mem:throttle" + (++databases) + ";DB_CLOSE_DELAY=-1;INIT=CREATE SCHEMA IF NOT EXISTS APP\\;SET SCHEMA APP");
        h2.setUser("sa");
        try (var connection = h2.getConnection()) {
            ScriptUtils.executeSqlScript(connection, new ClassPathResource("db/migration/V14__login_throttle.sql"));
        }
        db = h2;
        throttle = node(db);
    }

    private LoginThrottle node(DataSource dataSource) {
        return new LoginThrottle(clock, dataSource, 3, 10, 100, Duration.ofSeconds(5), Duration.ofMinutes(15),
                Duration.ofHours(24), Duration.ofDays(90));
    }

    /** A wait in whole seconds, rounded up as the user is told it (the test clock runs on with real time). */
    private static long seconds(Duration wait) {
        return (wait.toMillis() + 999) / 1000;
    }

    @Test
    void theRuleGivesFreeFailuresThenDoublesUpToTheCap() {
        LoginThrottle.Rule rule = new LoginThrottle.Rule(3, Duration.ofSeconds(5), Duration.ofMinutes(15));
        List<Long> waits = new ArrayList<>();
        for (int failures = 0; failures <= 12; failures++) {
            waits.add(rule.waitAfter(failures).toSeconds());
        }
        assertThat(waits).containsExactly(0L, 0L, 0L, 5L, 10L, 20L, 40L, 80L, 160L, 320L, 640L, 900L, 900L);
        assertThat(rule.waitAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(15));
        Instant last = Instant.parse("2026-01-01T00:00:00Z");
        assertThat(rule.remaining(5, last, last.plusSeconds(12))).isEqualTo(Duration.ofSeconds(8));
        assertThat(rule.remaining(5, last, last.plusSeconds(30))).isZero();
    }

    @Test
    void anAccountAtAnAddressWaitsLongerWithEveryFailureThenMayTryAgain() {
        for (int i = 0; i < 3; i++) {
            assertThat(throttle.delay("Applicant1", "10.0.0.1")).isZero();
            throttle.failed("Applicant1", "10.0.0.1");
        }
        assertThat(seconds(throttle.delay("applicant1 ", "10.0.0.1"))).as("same account, any case").isEqualTo(5L);
        assertThat(throttle.delay("applicant1", "10.0.0.2")).as("another address is not slowed by these three").isZero();
        clock.advance(Duration.ofSeconds(5));
        assertThat(throttle.delay("applicant1", "10.0.0.1")).isZero();
        throttle.failed("applicant1", "10.0.0.1");
        assertThat(seconds(throttle.delay("applicant1", "10.0.0.1"))).isEqualTo(10L);
        clock.advance(Duration.ofSeconds(4));
        assertThat(seconds(throttle.delay("applicant1", "10.0.0.1"))).isEqualTo(6L);
        clock.advance(Duration.ofSeconds(6));
        throttle.succeeded("applicant1", "10.0.0.1");
        assertThat(throttle.delay("applicant1", "10.0.0.1")).as("a success clears the account at that address").isZero();
    }

    @Test
    void failuresFromElsewhereNeverKeepTheOwnerOutOfAnAddressTheyUsed() {
        throttle.succeeded("director", "10.0.0.9");
        for (int i = 0; i < 40; i++) {
            throttle.failed("director", "203.0.113." + i);
        }
        assertThat(seconds(throttle.delay("director", "198.51.100.1"))).as("a new address meets the account-wide limit")
                .isEqualTo(15 * 60L);
        assertThat(throttle.delay("director", "10.0.0.9")).as("the owner's address is not locked").isZero();
        clock.advance(Duration.ofDays(91));
        assertThat(throttle.delay("director", "10.0.0.9")).isZero();
    }

    @Test
    void anAddressSharedByManyUsersIsSlowedOnlyAfterManyFailures() {
        throttle.succeeded("reviewer1", "192.0.2.7");
        for (int i = 0; i < 99; i++) {
            throttle.failed("user" + i, "192.0.2.7");
        }
        assertThat(throttle.delay("someone-new", "192.0.2.7")).isZero();
        throttle.failed("user99", "192.0.2.7");
        assertThat(seconds(throttle.delay("someone-new", "192.0.2.7"))).as("100 failures from one address").isEqualTo(5L);
        assertThat(throttle.delay("reviewer1", "192.0.2.7")).as("who signed in from here before goes on").isZero();
        assertThat(throttle.delay("someone-new", "192.0.2.8")).isZero();
    }

    @Test
    void countsAreForgottenAndCleanedUpAfterADay() {
        for (int i = 0; i < 6; i++) {
            throttle.failed("manager1", "10.0.0.1");
        }
        assertThat(throttle.delay("manager1", "10.0.0.1")).isPositive();
        clock.advance(Duration.ofHours(25));
        assertThat(throttle.delay("manager1", "10.0.0.1")).isZero();
        throttle.failed("manager1", "10.0.0.1");
        assertThat(throttle.delay("manager1", "10.0.0.1")).as("counting starts again").isZero();
        clock.advance(Duration.ofHours(25));
        throttle.cleanUp();
        assertThat(JdbcClient.create(db).sql("select count(*) from app.login_failure").query(Integer.class).single()).isZero();
    }

    @Test
    void twoNodesOnOneDatabaseCountTogetherAndLoseNoConcurrentFailure() throws Exception {
        LoginThrottle other = node(db);
        throttle.failed("unitadmin1", "10.0.0.5");
        other.failed("unitadmin1", "10.0.0.5");
        throttle.failed("unitadmin1", "10.0.0.5");
        assertThat(seconds(other.delay("unitadmin1", "10.0.0.5"))).isEqualTo(5L);

        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> done = new ArrayList<>();
        for (int i = 0; i < 64; i++) {
            LoginThrottle node = i % 2 == 0 ? throttle : other;
            done.add(pool.submit(() -> node.failed("race", "10.0.0.6")));
        }
        for (Future<?> f : done) {
            f.get();
        }
        pool.shutdown();
        assertThat(JdbcClient.create(db).sql("select failures from app.login_failure where subject = 'account:race'")
                .query(Integer.class).single()).isEqualTo(64);
    }
}

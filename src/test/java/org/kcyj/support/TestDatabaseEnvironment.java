package org.kcyj.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Gives every Spring test context a fresh, empty database: in-memory H2 by default; with
 * -Dtest.database=postgres a new database on the PostgreSQL server named by KCYJ_TEST_PG_URL
 * (user KCYJ_TEST_PG_USER, password KCYJ_TEST_PG_PASSWORD), or, when none is named, on an embedded
 * PostgreSQL started from Maven artifacts once per test JVM.
 */
public class TestDatabaseEnvironment implements EnvironmentPostProcessor {
    private static EmbeddedPostgres embedded;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        String database = System.getProperty("test.database", "h2");
        Map<String, Object> properties = new HashMap<>();
        String name = "kcyj_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        if (database.equals("postgres")) {
            Server server = server();
            createDatabase(server, name);
            properties.put("spring.datasource.url", server.urlOf(name));
            properties.put("spring.datasource.username", server.user());
            properties.put("spring.datasource.password", server.password());
            properties.put("spring.flyway.schemas", "app");
            properties.put("spring.flyway.default-schema", "app");
        } else {
            properties.put("spring.datasource.url", "jdbc:h2:mem:" + name + ";DB_CLOSE_DELAY=-1");
            properties.put("spring.datasource.username", "sa");
            properties.put("spring.datasource.password", "");
        }
        // The engine flushes metrics to the database when it closes, which at the end of the test JVM
        // races the test database's own shutdown and waits out the connection timeout.
        // Spring keeps every test context it has started, each with its own pool of up to 20 connections. Kept
        // idle they would hold them all, and a PostgreSQL server with the usual 100 connections runs out after
        // five contexts: an idle context gives its connections back (the pool still grows under load).
        properties.put("spring.datasource.hikari.minimum-idle", "1");
        properties.put("spring.datasource.hikari.idle-timeout", "10000");
        // The single sign-on tests' provider (Spring Authorization Server) is on the test class path only; Boot's
        // auto-configuration of it would add a provider to every test context of the product.
        properties.put("spring.autoconfigure.exclude", "org.springframework.boot.autoconfigure.security.oauth2.server.servlet."
                + "OAuth2AuthorizationServerAutoConfiguration,org.springframework.boot.autoconfigure.security.oauth2.server."
                + "servlet.OAuth2AuthorizationServerJwtAutoConfiguration");
        properties.put("camunda.bpm.metrics.enabled", "false");
        properties.put("camunda.bpm.metrics.db-reporter-activate", "false");
        environment.getPropertySources().addFirst(new MapPropertySource("testDatabase", properties));
    }

    /** A new, empty database on the test PostgreSQL server, for tests that start the application themselves. */
    public static Database newPostgresDatabase(String prefix) {
        Server server = server();
        String name = prefix + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        createDatabase(server, name);
        return new Database(server.urlOf(name), server.user(), server.password());
    }

    /** A database's JDBC URL and credentials. */
    public record Database(String url, String user, String password) {
    }

    /** A PostgreSQL server: its JDBC URL prefix (…/), the maintenance database, and credentials. */
    record Server(String baseUrl, String maintenanceDb, String user, String password) {
        String urlOf(String database) {
            return baseUrl + database;
        }
    }

    static synchronized Server server() {
        String named = System.getenv("KCYJ_TEST_PG_URL");
        if (named != null && !named.isBlank()) {
            int slash = named.lastIndexOf('/');
            return new Server(named.substring(0, slash + 1), named.substring(slash + 1),
                    env("KCYJ_TEST_PG_USER", "postgres"), env("KCYJ_TEST_PG_PASSWORD", ""));
        }
        if (embedded == null) {
            try {
                embedded = EmbeddedPostgres.builder().start();
            } catch (IOException e) {
                throw new UncheckedIOException("Could not start the embedded PostgreSQL", e);
            }
            // The embedded server stops itself when the JVM ends (its own shutdown hook).
        }
        return new Server("jdbc:postgresql://localhost:" + embedded.getPort() + "/", "postgres", "postgres", "");
    }

    private static void createDatabase(Server server, String name) {
        try (Connection c = DriverManager.getConnection(server.urlOf(server.maintenanceDb()), server.user(), server.password());
             Statement s = c.createStatement()) {
            s.execute("create database " + name);
        } catch (SQLException e) {
            throw new IllegalStateException("Could not create test database " + name + " on " + server.baseUrl(), e);
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null ? fallback : value;
    }
}

package org.kcyj.document;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.UUID;

import javax.sql.DataSource;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import org.flywaydb.core.Flyway;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * A database for the document tests: H2 in memory by default, embedded PostgreSQL 16 when the
 * system property {@code test.database} is {@code postgres} (the pom's PostgreSQL run of the
 * {@code db} tests). Business tables live in schema {@code app}, as in the application.
 *
 * <p>Flyway creates the schema quoted, so it is named in the case the database folds unquoted names
 * to ({@code APP} on H2, {@code app} on PostgreSQL), as the application's configuration does.
 */
final class TestDatabase implements AutoCloseable {

    static final String SCHEMA = onPostgres() ? "app" : "APP";

    private final EmbeddedPostgres postgres;
    private final DataSource raw;
    private final String description;

    private TestDatabase(EmbeddedPostgres postgres, DataSource raw, String description) {
        this.postgres = postgres;
        this.raw = raw;
        this.description = description;
    }

    static boolean onPostgres() {
        return "postgres".equalsIgnoreCase(System.getProperty("test.database", "h2"));
    }

    /** A new, empty database of the configured kind. */
    static TestDatabase create() {
        return onPostgres() ? postgres() : h2(H2_DEFAULT_OPTIONS);
    }

    static final String H2_DEFAULT_OPTIONS = "";

    /** A new H2 database; {@code options} are appended to the URL, e.g. ";MODE=PostgreSQL". */
    static TestDatabase h2(String options) {
        String url = "jdbc:h2:mem:documents-" + UUID.randomUUID() + ";DB_CLOSE_DELAY=-1" + options;
        return new TestDatabase(null, new DriverManagerDataSource(url, "sa", ""), url);
    }

    static TestDatabase postgres() {
        try {
            EmbeddedPostgres pg = EmbeddedPostgres.builder().start();
            return new TestDatabase(pg, pg.getPostgresDatabase(), "embedded PostgreSQL");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Runs only this module's migrations (V2, V16), copied out of the classpath, so that these tests do
     * not depend on the state of other modules' migrations.
     */
    TestDatabase migrateDocumentsOnly() {
        try {
            Path dir = Files.createTempDirectory("document-migration");
            for (String script : new String[] {"V2__documents.sql", "V16__document_check_code.sql"}) {
                try (InputStream in = TestDatabase.class.getClassLoader()
                        .getResourceAsStream("db/migration/" + script)) {
                    Files.copy(in, dir.resolve(script));
                }
            }
            flyway("filesystem:" + dir).migrate();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs every migration on the classpath, as the application does. */
    TestDatabase migrateAll() {
        flyway("classpath:db/migration").migrate();
        return this;
    }

    private Flyway flyway(String location) {
        return Flyway.configure()
                .dataSource(raw)
                .schemas(SCHEMA)
                .defaultSchema(SCHEMA)
                .locations(location)
                .load();
    }

    DataSource dataSource() {
        return raw;
    }

    @Override
    public String toString() {
        return description;
    }

    @Override
    public void close() throws IOException {
        if (postgres != null) {
            postgres.close();
        }
    }
}

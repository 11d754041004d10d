package db.migration;

import java.sql.Statement;

import org.flywaydb.core.api.migration.BaseJavaMigration;
import org.flywaydb.core.api.migration.Context;
import org.kcyj.audit.AuditInsertOnly;

/**
 * The audit chain's daily seals ({@code audit_seal}: the head as it stood when each day's 审计链日签 was
 * issued), and the audit tables made insert-only by triggers. The table is the same on H2 and PostgreSQL;
 * the triggers differ (PL/pgSQL functions on PostgreSQL, a Java class on H2), hence a Java migration.
 */
public class V17__audit_insert_only_and_seals extends BaseJavaMigration {

    @Override
    public void migrate(Context context) throws Exception {
        try (Statement statement = context.getConnection().createStatement()) {
            statement.execute("""
                    create table app.audit_seal (
                        seal_date        date not null primary key,
                        event_count      bigint not null,
                        last_id          bigint not null,
                        head_hash        varchar(64) not null,
                        document_number  varchar(64) not null,
                        sealed_at        timestamp with time zone not null
                    )""");
        }
        AuditInsertOnly.install(context.getConnection());
    }
}

package org.kcyj.audit;

import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Objects;

/**
 * Makes the audit tables insert-only in the database itself, not by convention: {@code audit_event} and
 * {@code audit_seal} refuse UPDATE, DELETE and (on PostgreSQL) TRUNCATE from every connection while the
 * triggers are enabled, so the application's connection cannot rewrite the record. Only the database owner
 * can disable the triggers ({@code ALTER TABLE … DISABLE TRIGGER} on PostgreSQL, {@code DROP TRIGGER} on
 * H2), and run with its own role in production the application is not the owner.
 *
 * <p>One update stays allowed: linking an event written before the chain existed, once — filling
 * {@code prev_hash} and {@code hash} where both are still NULL and nothing else changes
 * ({@link AuditLog#chainUnlinked}). H2 has no TRUNCATE trigger; H2 serves development and tests only.
 */
public final class AuditInsertOnly {

    /** The SQLSTATE of a refused change (insufficient privilege). */
    public static final String REFUSED = "42501";

    private AuditInsertOnly() {
    }

    /** Creates the triggers (the migration that introduced them; tests restore them with it). */
    public static void install(Connection connection) throws SQLException {
        try (Statement statement = connection.createStatement()) {
            for (String sql : isPostgres(connection) ? postgres() : h2()) {
                statement.execute(sql);
            }
        }
    }

    static boolean isPostgres(Connection connection) throws SQLException {
        String product = connection.getMetaData().getDatabaseProductName();
        if (product.startsWith("PostgreSQL")) {
            return true;
        }
        if (product.startsWith("H2")) {
            return false;
        }
        throw new IllegalStateException("no insert-only triggers for " + product);
    }

    static List<String> postgres() {
        return List.of("""
                create or replace function app.audit_event_guard() returns trigger language plpgsql as $fn$
                begin
                  if tg_op = 'UPDATE' and old.hash is null and old.prev_hash is null
                     and new.id = old.id and new.occurred_at = old.occurred_at and new.actor = old.actor
                     and new.action = old.action and new.subject = old.subject
                     and new.state_before is not distinct from old.state_before
                     and new.state_after is not distinct from old.state_after
                     and new.detail is not distinct from old.detail then
                    return new; -- linking an event written before the chain existed, once
                  end if;
                  raise exception 'audit records are insert-only: % on % refused', tg_op, tg_table_name
                    using errcode = '42501';
                end
                $fn$""", """
                create or replace function app.audit_refuse_change() returns trigger language plpgsql as $fn$
                begin
                  raise exception 'audit records are insert-only: % on % refused', tg_op, tg_table_name
                    using errcode = '42501';
                end
                $fn$""",
                "create trigger audit_event_insert_only before update or delete on app.audit_event"
                        + " for each row execute function app.audit_event_guard()",
                "create trigger audit_event_no_truncate before truncate on app.audit_event"
                        + " for each statement execute function app.audit_refuse_change()",
                "create trigger audit_seal_insert_only before update or delete on app.audit_seal"
                        + " for each row execute function app.audit_refuse_change()",
                "create trigger audit_seal_no_truncate before truncate on app.audit_seal"
                        + " for each statement execute function app.audit_refuse_change()");
    }

    static List<String> h2() {
        return List.of(
                "create trigger app.audit_event_insert_only before update, delete on app.audit_event for each row call '"
                        + H2Guard.class.getName() + "'",
                "create trigger app.audit_seal_insert_only before update, delete on app.audit_seal for each row call '"
                        + H2Guard.class.getName() + "'");
    }

    /** The H2 trigger: refuses every update and delete but the one-time linking of an unlinked event. */
    public static final class H2Guard implements org.h2.api.Trigger {
        /** Columns of audit_event in table order: id … detail, then prev_hash and hash. */
        private static final int PREV_HASH = 8;
        private static final int HASH = 9;
        private String table;

        @Override
        public void init(Connection conn, String schemaName, String triggerName, String tableName, boolean before,
                         int type) {
            this.table = tableName;
        }

        @Override
        public void fire(Connection conn, Object[] oldRow, Object[] newRow) throws SQLException {
            if ("AUDIT_EVENT".equalsIgnoreCase(table) && linksOnce(oldRow, newRow)) {
                return;
            }
            throw new SQLException("audit records are insert-only: " + (newRow == null ? "DELETE" : "UPDATE")
                    + " on " + table + " refused", REFUSED);
        }

        private static boolean linksOnce(Object[] oldRow, Object[] newRow) {
            if (oldRow == null || newRow == null || oldRow.length != HASH + 1 || newRow.length != HASH + 1
                    || oldRow[PREV_HASH] != null || oldRow[HASH] != null) {
                return false;
            }
            for (int i = 0; i < PREV_HASH; i++) {
                if (!Objects.equals(oldRow[i], newRow[i])) {
                    return false;
                }
            }
            return true;
        }
    }
}

package org.kcyj.programme;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import org.kcyj.audit.AuditLog;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Rules that differ per programme, read from the parameter table with the product's defaults. */
@Service
public class ProgrammeParameters {
    public static final String PUBLICITY_WORKING_DAYS = "publicity.working-days";
    public static final String REVIEW_MIN_REVIEWERS = "review.min-reviewers";
    public static final String REVIEW_OPINION_MIN_LENGTH = "review.opinion-min-length";
    public static final String CORRECTION_WORKING_DAYS = "correction.working-days";

    /** Defaults from the programme rules (rules.md). */
    static final Map<String, String> DEFAULTS = Map.of(
            PUBLICITY_WORKING_DAYS, "5",
            REVIEW_MIN_REVIEWERS, "3",
            REVIEW_OPINION_MIN_LENGTH, "200",
            CORRECTION_WORKING_DAYS, "5");

    private final JdbcClient jdbc;
    private final AuditLog audit;
    private final Clock clock;

    ProgrammeParameters(JdbcClient jdbc, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.audit = audit;
        this.clock = clock;
    }

    public int integer(long programmeId, String name) {
        return Integer.parseInt(value(programmeId, name));
    }

    public String value(long programmeId, String name) {
        return jdbc.sql("select param_value from app.programme_parameter where programme_id = ? and name = ?")
                .params(programmeId, name).query(String.class).optional()
                .orElseGet(() -> {
                    String fallback = DEFAULTS.get(name);
                    if (fallback == null) {
                        throw new IllegalArgumentException("Unknown parameter " + name);
                    }
                    return fallback;
                });
    }

    @Transactional
    public void set(long programmeId, String name, String value, String actor) {
        if (!DEFAULTS.containsKey(name)) {
            throw new IllegalArgumentException("Unknown parameter " + name);
        }
        String before = value(programmeId, name);
        int updated = jdbc.sql("""
                        update app.programme_parameter set param_value = ?, updated_by = ?, updated_at = ?
                        where programme_id = ? and name = ?""")
                .params(value, actor, java.sql.Timestamp.from(Instant.now(clock)), programmeId, name).update();
        if (updated == 0) {
            jdbc.sql("""
                            insert into app.programme_parameter (programme_id, name, param_value, updated_by, updated_at)
                            values (?, ?, ?, ?, ?)""")
                    .params(programmeId, name, value, actor, java.sql.Timestamp.from(Instant.now(clock))).update();
        }
        audit.record(actor, "PARAMETER_CHANGED", "PROGRAMME-" + programmeId, before, value, name);
    }
}

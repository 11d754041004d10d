package org.kcyj.programme;

import java.util.Map;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

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

    ProgrammeParameters(JdbcClient jdbc) {
        this.jdbc = jdbc;
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
}

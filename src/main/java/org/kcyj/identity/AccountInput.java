package org.kcyj.identity;

import java.util.List;
import java.util.Locale;

import org.kcyj.shared.FieldProblem;

/** The checks the account and unit forms share: a required text, an account name, a reason. */
final class AccountInput {
    private AccountInput() {
    }

    /** The text trimmed, or null with its problem noted: missing, too long, or with control characters. */
    static String required(List<FieldProblem> problems, String field, String raw, int max) {
        String value = raw == null ? "" : raw.strip();
        if (value.isEmpty()) {
            problems.add(new FieldProblem(field, "validation.required"));
            return null;
        }
        if (value.length() > max) {
            problems.add(new FieldProblem(field, "validation.max-length", max));
            return null;
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            problems.add(new FieldProblem(field, "validation.control-characters"));
            return null;
        }
        return value;
    }

    /** An account name in lower case, its problem noted when it is missing or not of the allowed form. */
    static String username(List<FieldProblem> problems, String raw) {
        String username = raw == null ? "" : raw.strip().toLowerCase(Locale.ROOT);
        if (username.isEmpty()) {
            problems.add(new FieldProblem("username", "validation.required"));
        } else if (!Registration.USERNAME.matcher(username).matches()) {
            problems.add(new FieldProblem("username", "registration.username-format"));
        }
        return username;
    }

    /** A search text as a case-insensitive LIKE pattern (escape character \\) matching it anywhere. */
    static String contains(String query) {
        String text = query == null ? "" : query.strip().toLowerCase(Locale.ROOT);
        return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
    }

    /** A list filter's value in upper case, or null when none is given. */
    static String filter(String raw) {
        return raw == null || raw.isBlank() ? null : raw.strip().toUpperCase(Locale.ROOT);
    }
}

package org.kcyj.shared;

/** One invalid field: its name and a message-bundle code with arguments. */
public record FieldProblem(String field, String code, Object... args) {
}

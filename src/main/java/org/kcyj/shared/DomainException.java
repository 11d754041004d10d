package org.kcyj.shared;

import java.util.List;

import org.springframework.http.HttpStatus;

/**
 * A refusal the user can act on. The message is a message-bundle code with arguments, so the
 * API and the portal say the same thing in the user's language.
 */
public class DomainException extends RuntimeException {
    private final HttpStatus status;
    private final String code;
    private final transient Object[] args;
    private final List<FieldProblem> fieldProblems;

    public DomainException(HttpStatus status, String code, Object... args) {
        this(status, code, List.of(), args);
    }

    protected DomainException(HttpStatus status, String code, List<FieldProblem> fieldProblems, Object... args) {
        super(code);
        this.status = status;
        this.code = code;
        this.args = args;
        this.fieldProblems = List.copyOf(fieldProblems);
    }

    public static DomainException notFound() {
        return new DomainException(HttpStatus.NOT_FOUND, "error.not-found");
    }

    public static DomainException conflict(String code, Object... args) {
        return new DomainException(HttpStatus.CONFLICT, code, args);
    }

    public static DomainException conflictOfInterest() {
        return new DomainException(HttpStatus.FORBIDDEN, "error.own-proposal");
    }

    public static DomainException forbidden() {
        return new DomainException(HttpStatus.FORBIDDEN, "error.forbidden");
    }

    public static DomainException invalid(List<FieldProblem> problems) {
        return new DomainException(HttpStatus.BAD_REQUEST, "error.validation", problems);
    }

    public static DomainException invalid(String field, String code, Object... args) {
        return invalid(List.of(new FieldProblem(field, code, args)));
    }

    public HttpStatus status() {
        return status;
    }

    public String code() {
        return code;
    }

    public Object[] args() {
        return args;
    }

    public List<FieldProblem> fieldProblems() {
        return fieldProblems;
    }
}

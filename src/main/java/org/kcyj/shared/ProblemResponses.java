package org.kcyj.shared;

import java.net.URI;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Component;

/** Builds RFC 9457 problem documents in the caller's language, the one error format of the API. */
@Component
public class ProblemResponses {
    private static final String TYPE_BASE = "urn:kcyj:problem:";
    private final MessageSource messages;

    ProblemResponses(MessageSource messages) {
        this.messages = messages;
    }

    public ProblemDetail of(DomainException e) {
        Locale locale = LocaleContextHolder.getLocale();
        ProblemDetail problem = ProblemDetail.forStatus(e.status());
        problem.setType(URI.create(TYPE_BASE + e.code().replace("error.", "")));
        problem.setTitle(text("status." + e.status().value(), locale));
        problem.setDetail(messages.getMessage(e.code(), e.args(), e.code(), locale));
        if (!e.fieldProblems().isEmpty()) {
            problem.setProperty("errors", fieldErrors(e.fieldProblems(), locale));
        }
        return problem;
    }

    public ProblemDetail of(HttpStatus status, String code) {
        return of(new DomainException(status, code));
    }

    public List<Map<String, String>> fieldErrors(List<FieldProblem> problems, Locale locale) {
        return problems.stream()
                .map(p -> Map.of("field", p.field(), "message", messages.getMessage(p.code(), p.args(), p.code(), locale)))
                .toList();
    }

    /** Field errors keyed by field, in the request's language (several on one field joined), for pages. */
    public Map<String, String> byField(DomainException e) {
        Map<String, String> errors = new java.util.LinkedHashMap<>();
        fieldErrors(e.fieldProblems(), LocaleContextHolder.getLocale())
                .forEach(m -> errors.merge(m.get("field"), m.get("message"), (a, b) -> a + " " + b));
        return errors;
    }

    public String text(String code, Locale locale, Object... args) {
        return messages.getMessage(code, args, code, locale);
    }
}

package org.kcyj.web;

import java.io.IOException;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.kcyj.shared.DomainException;
import org.kcyj.shared.ProblemResponses;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Spring MVC's own refusals (wrong method 405, media type 415, a missing parameter or a wrong type 400, an
 * upload too large 413, no such page 404, ...), wherever they arise, after the portal's and the API's own
 * handlers: problem documents in the caller's language on the API, the error page (ErrorPages) everywhere else.
 * Replaces Spring Boot's problem-details handler, which answered JSON to browsers too.
 */
@ControllerAdvice
@Order(Ordered.LOWEST_PRECEDENCE)
class WebErrors extends ResponseEntityExceptionHandler {
    private static final Map<Integer, String> MESSAGES = Map.of(400, "error.unreadable", 404, "error.not-found-page",
            405, "error.method-not-allowed", 406, "error.not-acceptable", 413, "error.too-large",
            415, "error.unsupported-media-type", 503, "error.busy");
    private final ProblemResponses problems;

    WebErrors(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    protected ResponseEntity<Object> handleExceptionInternal(Exception ex, Object body, HttpHeaders headers,
                                                             HttpStatusCode statusCode, WebRequest request) {
        HttpServletRequest http = ((ServletWebRequest) request).getRequest();
        HttpServletResponse response = ((ServletWebRequest) request).getResponse();
        int status = statusCode.value();
        if (ErrorPages.isApi(http.getRequestURI().substring(http.getContextPath().length()))) {
            HttpStatus known = HttpStatus.resolve(status);
            Object code = http.getAttribute(LocaleConfig.ERROR_CODE);
            String message = code instanceof String c ? c
                    : MESSAGES.getOrDefault(status, status >= 500 ? "error.internal" : "error.unreadable");
            HttpHeaders answer = new HttpHeaders();
            if (headers != null) {
                answer.putAll(headers);
            }
            answer.setContentType(MediaType.APPLICATION_PROBLEM_JSON);
            return new ResponseEntity<>(problems.of(new DomainException(known == null ? HttpStatus.BAD_REQUEST : known, message)),
                    answer, statusCode);
        }
        if (response != null && !response.isCommitted()) {
            if (headers != null) {
                headers.forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
            }
            try {
                response.sendError(status);
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }
        return null;
    }
}

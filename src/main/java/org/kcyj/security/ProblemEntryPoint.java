package org.kcyj.security;

import java.io.IOException;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.kcyj.shared.ProblemResponses;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

/** 401 and 403 for API clients as problem documents, with a Basic challenge so curl -u works. */
@Component
class ProblemEntryPoint implements AuthenticationEntryPoint, AccessDeniedHandler {
    private final ProblemResponses problems;
    private final ObjectMapper json;

    ProblemEntryPoint(ProblemResponses problems, ObjectMapper json) {
        this.problems = problems;
        this.json = json;
    }

    @Override
    public void commence(HttpServletRequest request, HttpServletResponse response, AuthenticationException e)
            throws IOException {
        response.setHeader("WWW-Authenticate", "Basic realm=\"kcyj\"");
        write(response, HttpStatus.UNAUTHORIZED, "error.unauthenticated", request);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        write(response, HttpStatus.FORBIDDEN, "error.forbidden", request);
    }

    private void write(HttpServletResponse response, HttpStatus status, String code, HttpServletRequest request)
            throws IOException {
        String language = request.getHeader("Accept-Language");
        LocaleContextHolder.setLocale(language != null && language.toLowerCase(java.util.Locale.ROOT).startsWith("en")
                ? java.util.Locale.ENGLISH : java.util.Locale.SIMPLIFIED_CHINESE);
        ProblemDetail problem = problems.of(status, code);
        response.setStatus(status.value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }
}

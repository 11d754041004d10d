package org.kcyj.security;

import java.io.IOException;
import java.util.List;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.kcyj.shared.DomainException;
import org.kcyj.shared.ProblemResponses;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.AuthenticationEntryPoint;
import org.springframework.security.web.access.AccessDeniedHandler;
import org.springframework.security.web.csrf.CsrfException;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * 401, 403 and 429 for API clients as problem documents. Never a {@code WWW-Authenticate} challenge: a
 * browser answering a Basic prompt would cache the credentials and send them with forged requests; curl -u
 * and scripts send their credentials without being asked.
 */
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
        if (e instanceof LoginDelayedException delayed) {
            response.setHeader("Retry-After", String.valueOf(delayed.seconds()));
            write(response, new DomainException(HttpStatus.TOO_MANY_REQUESTS, "error.login-delayed", delayed.seconds()),
                    request);
            return;
        }
        write(response, new DomainException(HttpStatus.UNAUTHORIZED, "error.unauthenticated"), request);
    }

    @Override
    public void handle(HttpServletRequest request, HttpServletResponse response, AccessDeniedException e)
            throws IOException {
        Authentication who = SecurityContextHolder.getContext().getAuthentication();
        if (e instanceof CsrfException && (who == null || who instanceof AnonymousAuthenticationToken)
                && !request.isRequestedSessionIdValid()) {
            // an API call with no session and no credentials: what it lacks is a sign-in, not a token
            write(response, new DomainException(HttpStatus.UNAUTHORIZED, "error.unauthenticated"), request);
            return;
        }
        write(response, new DomainException(HttpStatus.FORBIDDEN, "error.forbidden"), request);
    }

    /** A browser opening a page (it asks for HTML by name), not a program asking for data. */
    static boolean isBrowserNavigation(HttpServletRequest request) {
        String accept = request.getHeader("Accept");
        if (accept == null) {
            return false;
        }
        try {
            List<MediaType> types = MediaType.parseMediaTypes(accept);
            return types.stream().anyMatch(t -> t.getType().equals("text") && t.getSubtype().equals("html"));
        } catch (org.springframework.util.InvalidMimeTypeException e) {
            return false;
        }
    }

    private void write(HttpServletResponse response, DomainException refusal, HttpServletRequest request)
            throws IOException {
        String language = request.getHeader("Accept-Language");
        LocaleContextHolder.setLocale(language != null && language.toLowerCase(java.util.Locale.ROOT).startsWith("en")
                ? java.util.Locale.ENGLISH : java.util.Locale.SIMPLIFIED_CHINESE);
        ProblemDetail problem = problems.of(refusal);
        response.setStatus(refusal.status().value());
        response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
        response.setCharacterEncoding("UTF-8");
        json.writeValue(response.getOutputStream(), problem);
    }
}

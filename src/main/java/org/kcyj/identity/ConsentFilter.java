package org.kcyj.identity;

import java.io.IOException;
import java.util.Locale;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import org.kcyj.shared.ProblemResponses;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.filter.OncePerRequestFilter;
import org.springframework.web.servlet.LocaleResolver;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs after {@link AccountStateFilter}: a person who registered themselves (app_user.self_registered) and has not
 * accepted the current privacy notice, as happens to one the single sign-on just created, reaches nothing of the
 * portal but the page that asks for it ({@link #PAGE}): other portal pages redirect there, the API answers 403
 * {@code consent-required}. Accounts created by staff (staff, experts, demo users) have no consent record and are
 * never held. A session that found the consent given remembers it for the notice's version, so the question is asked
 * of the database once per session.
 */
class ConsentFilter extends OncePerRequestFilter {
    static final String PAGE = "/portal/consent";
    static final String CONSENTED = ConsentFilter.class.getName() + ".NOTICE_VERSION";

    private final Registration registration;
    private final ProblemResponses problems;
    private final ObjectMapper json;
    private final LocaleResolver locales;

    ConsentFilter(Registration registration, ProblemResponses problems, ObjectMapper json,
                  LocaleResolver locales) {
        this.registration = registration;
        this.problems = problems;
        this.json = json;
        this.locales = locales;
    }

    /** Marks the session as having found the current notice accepted. */
    static void consented(HttpSession session, String noticeVersion) {
        session.setAttribute(CONSENTED, noticeVersion);
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean api = path.startsWith("/api/");
        if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken
                || path.equals(PAGE) || !(api || path.startsWith("/portal/"))) {
            chain.doFilter(request, response);
            return;
        }
        String version = registration.noticeVersion();
        HttpSession session = request.getSession(false);
        if (session != null && version.equals(session.getAttribute(CONSENTED))) {
            chain.doFilter(request, response);
            return;
        }
        if (!registration.consentRequired(auth.getName())) {
            if (session != null) {
                consented(session, version);
            }
            chain.doFilter(request, response);
            return;
        }
        if (api) {
            refuse(request, response);
        } else {
            response.sendRedirect(request.getContextPath() + PAGE);
        }
    }

    private void refuse(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Locale previous = LocaleContextHolder.getLocale();
        LocaleContextHolder.setLocale(locales.resolveLocale(request));
        try {
            ProblemDetail problem = problems.of(HttpStatus.FORBIDDEN, "error.consent-required");
            response.setStatus(HttpStatus.FORBIDDEN.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            json.writeValue(response.getOutputStream(), problem);
        } finally {
            LocaleContextHolder.setLocale(previous);
        }
    }
}

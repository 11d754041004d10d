package org.kcyj.identity;

import java.io.IOException;
import java.time.Instant;
import java.util.Locale;
import java.util.Optional;

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

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Runs right after Spring Security's filter chain, for a signed-in user:
 * <ul>
 * <li>a session that signed in before the account's password was last changed (elsewhere, or by a reset), or before
 * its roles, unit or state last changed, or whose account was deactivated since, is ended:
 * the portal goes to the sign-in page ({@code /login?expired}), the API answers 401;</li>
 * <li>an account whose initial password must still be changed reaches only the page and the API call that change
 * it: other portal pages redirect to {@code /portal/account}, other {@code /api} calls answer 403
 * {@code password-change-required}.</li>
 * </ul>
 * The session keeps the moment of the password it signed in with ({@link #STAMP}); a password change made in this
 * session moves it ({@link #signedInNow}).
 */
class AccountStateFilter extends OncePerRequestFilter {
    static final String STAMP = AccountStateFilter.class.getName() + ".PASSWORD_CHANGED_AT";
    static final String ACCOUNT_PAGE = "/portal/account";
    static final String PORTAL_CHANGE = "/portal/account/password";
    static final String API_CHANGE = "/api/v1/me/password";

    private final UserDirectory users;
    private final ProblemResponses problems;
    private final ObjectMapper json;

    AccountStateFilter(UserDirectory users, ProblemResponses problems, ObjectMapper json) {
        this.users = users;
        this.problems = problems;
        this.json = json;
    }

    /**
     * Keeps the current session after a change its own user just made to their access (leaving a unit): the session
     * is marked as knowing the change instead of being ended. The roles it shows catch up at the next sign-in; every
     * act reads the account's roles afresh.
     */
    static void keepAfterOwnChange(HttpServletRequest request, UserDirectory users, String username) {
        HttpSession session = request.getSession(false);
        if (session != null) {
            users.passwordState(username).ifPresent(state -> signedInNow(session, state.changedAt()));
        }
    }

    /** Marks the session as signed in with the account's current password. */
    static void signedInNow(HttpSession session, Instant passwordChangedAt) {
        session.setAttribute(STAMP, stamp(passwordChangedAt));
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        Authentication auth = SecurityContextHolder.getContext().getAuthentication();
        if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
            chain.doFilter(request, response);
            return;
        }
        Optional<UserDirectory.PasswordState> state = users.passwordState(auth.getName());
        String path = request.getRequestURI().substring(request.getContextPath().length());
        boolean api = path.startsWith("/api/");
        HttpSession session = ownSession(request.getSession(false), auth.getName());
        if (state.isEmpty()) {
            // deactivated (or erased) since this session signed in: it ends now
            end(session, api, request, response);
            return;
        }
        if (session != null) {
            Object signedIn = session.getAttribute(STAMP);
            long current = stamp(state.get().changedAt());
            if (signedIn == null) {
                session.setAttribute(STAMP, current);
            } else if (!signedIn.equals(current)) {
                end(session, api, request, response);
                return;
            }
        }
        if (state.get().mustChange() && !mayChangeOnly(request.getMethod(), path)) {
            if (api) {
                write(request, response, HttpStatus.FORBIDDEN, "error.password-change-required");
                return;
            }
            if (path.startsWith("/portal/")) {
                response.sendRedirect(request.getContextPath() + ACCOUNT_PAGE);
                return;
            }
        }
        chain.doFilter(request, response);
    }

    /** Ends the session: the portal goes to the sign-in page, the API answers 401. */
    private void end(HttpSession session, boolean api, HttpServletRequest request, HttpServletResponse response)
            throws IOException {
        if (session != null) {
            session.invalidate();
        }
        SecurityContextHolder.clearContext();
        if (api) {
            write(request, response, HttpStatus.UNAUTHORIZED, "error.unauthenticated");
        } else {
            response.sendRedirect(request.getContextPath() + "/login?expired");
        }
    }

    /**
     * The session if it is the signed-in user's own: a request authenticated by its own Basic credentials may carry
     * another user's session cookie, whose sign-in state is not this user's to judge.
     */
    private static HttpSession ownSession(HttpSession session, String username) {
        if (session == null) {
            return null;
        }
        Object context = session.getAttribute(
                org.springframework.security.web.context.HttpSessionSecurityContextRepository.SPRING_SECURITY_CONTEXT_KEY);
        if (context instanceof org.springframework.security.core.context.SecurityContext sc && sc.getAuthentication() != null
                && username.equals(sc.getAuthentication().getName())) {
            return session;
        }
        return null;
    }

    private static boolean mayChangeOnly(String method, String path) {
        return (method.equals("GET") && path.equals(ACCOUNT_PAGE))
                || (method.equals("POST") && (path.equals(PORTAL_CHANGE) || path.equals(API_CHANGE)));
    }

    private void write(HttpServletRequest request, HttpServletResponse response, HttpStatus status, String code)
            throws IOException {
        String language = request.getHeader("Accept-Language");
        Locale previous = LocaleContextHolder.getLocale();
        LocaleContextHolder.setLocale(language != null && language.toLowerCase(Locale.ROOT).startsWith("en")
                ? Locale.ENGLISH : Locale.SIMPLIFIED_CHINESE);
        try {
            ProblemDetail problem = problems.of(status, code);
            response.setStatus(status.value());
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            if (status == HttpStatus.UNAUTHORIZED) {
                response.setHeader("WWW-Authenticate", "Basic realm=\"kcyj\"");
            }
            json.writeValue(response.getOutputStream(), problem);
        } finally {
            LocaleContextHolder.setLocale(previous);
        }
    }

    private static long stamp(Instant changedAt) {
        return changedAt == null ? 0L : changedAt.toEpochMilli();
    }
}

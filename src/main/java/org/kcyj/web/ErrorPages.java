package org.kcyj.web;

import java.io.IOException;
import java.util.Locale;
import java.util.Map;

import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.kcyj.shared.DomainException;
import org.kcyj.shared.ProblemResponses;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.web.servlet.error.ErrorController;
import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.servlet.ModelAndView;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The one answer to every error the servlet container or Spring reports (sendError, an exception no handler
 * took): a page in the user's language for browsers, a problem document for the API (/api/**, /engine-rest/**,
 * /camunda/api/**). Opening /error directly is a 404, never status 999. Details of a failure never leak.
 */
@Controller
class ErrorPages implements ErrorController {
    private static final Logger log = LoggerFactory.getLogger(ErrorPages.class);
    private static final Map<Integer, String> MESSAGES = Map.ofEntries(
            Map.entry(400, "error.unreadable"), Map.entry(401, "error.unauthenticated"), Map.entry(403, "error.forbidden"),
            Map.entry(404, "error.not-found-page"), Map.entry(405, "error.method-not-allowed"),
            Map.entry(406, "error.not-acceptable"), Map.entry(409, "error.concurrent-change"),
            Map.entry(413, "error.too-large"), Map.entry(415, "error.unsupported-media-type"),
            Map.entry(503, "error.busy"));
    private final ProblemResponses problems;
    private final MessageSource messages;
    private final ObjectMapper json;

    ErrorPages(ProblemResponses problems, MessageSource messages, ObjectMapper json) {
        this.problems = problems;
        this.messages = messages;
        this.json = json;
    }

    @RequestMapping("${server.error.path:/error}")
    ModelAndView error(HttpServletRequest request, HttpServletResponse response) throws IOException {
        int status = status(request);
        String code = code(request, status);
        HttpStatus known = HttpStatus.resolve(status);
        Locale locale = LocaleContextHolder.getLocale();
        response.setStatus(status);
        if (isApi(originalPath(request))) {
            ProblemDetail problem = problems.of(new DomainException(known == null ? HttpStatus.BAD_REQUEST : known, code));
            if (problem.getTitle() != null && problem.getTitle().startsWith("status.")) {
                problem.setTitle(known == null ? null : known.getReasonPhrase());
            }
            response.setContentType(MediaType.APPLICATION_PROBLEM_JSON_VALUE);
            response.setCharacterEncoding("UTF-8");
            json.writeValue(response.getOutputStream(), problem);
            return null;
        }
        ModelAndView page = new ModelAndView("error");
        page.addObject("status", status);
        page.addObject("title", messages.getMessage("status." + status, null,
                messages.getMessage(status >= 500 ? "status.500" : "status.400", null, locale), locale));
        page.addObject("error", messages.getMessage(code, null, code, locale));
        return page;
    }

    /** The status reported; a direct request for /error (none reported) is a page that does not exist. */
    private static int status(HttpServletRequest request) {
        Object reported = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (!(reported instanceof Integer status) || request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI) == null) {
            return 404;
        }
        if (status < 400 || status > 599) {
            return 400;
        }
        if (status == 500) {
            Throwable failure = (Throwable) request.getAttribute(RequestDispatcher.ERROR_EXCEPTION);
            log.debug("Server error on {}", request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI), failure);
        }
        return status;
    }

    private static String code(HttpServletRequest request, int status) {
        Object chosen = request.getAttribute(LocaleConfig.ERROR_CODE);
        if (chosen instanceof String code) {
            return code;
        }
        return MESSAGES.getOrDefault(status, status >= 500 ? "error.internal" : "error.unreadable");
    }

    private static String originalPath(HttpServletRequest request) {
        Object uri = request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        String path = uri instanceof String s ? s : request.getRequestURI();
        String context = request.getContextPath();
        return context != null && !context.isEmpty() && path.startsWith(context) ? path.substring(context.length()) : path;
    }

    static boolean isApi(String path) {
        return path.startsWith("/api/") || path.equals("/api") || path.startsWith("/engine-rest/")
                || path.startsWith("/camunda/api/") || path.startsWith("/v3/api-docs");
    }
}

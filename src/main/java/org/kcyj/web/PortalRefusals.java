package org.kcyj.web;

import org.kcyj.shared.DomainException;
import org.kcyj.shared.ProblemResponses;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

import jakarta.servlet.http.HttpServletResponse;

/**
 * Refusals on the portal's pages: the same messages and statuses as the API, on one error page. The REST
 * controllers answer problem+json instead (ApiExceptionHandler).
 */
@ControllerAdvice(assignableTypes = {PortalController.class, CallPortalController.class,
        ApplicationPortalController.class, ExpertPortalController.class, ReviewPortalController.class})
class PortalRefusals {
    private final ProblemResponses problems;

    PortalRefusals(ProblemResponses problems) {
        this.problems = problems;
    }

    /** Someone else acted first (a unique key taken, a lost race in the database): a 409 page, never a 500. */
    @ExceptionHandler({org.springframework.dao.DataIntegrityViolationException.class,
            org.springframework.dao.ConcurrencyFailureException.class})
    String concurrent(RuntimeException e, Model model, HttpServletResponse response) {
        return refused(DomainException.conflict("error.concurrent-change"), model, response);
    }

    /**
     * A race lost inside the engine (optimistic locking, a task completed meanwhile, a deadlock the database reported
     * through it) is a 409 page like any other; workflow knows which failures those are. Anything else is not
     * answered here and goes on to the error page.
     */
    @ExceptionHandler(RuntimeException.class)
    String engine(RuntimeException e, Model model, HttpServletResponse response) {
        if (!org.kcyj.workflow.Retries.isLostRace(e)) {
            throw e;
        }
        return concurrent(e, model, response);
    }

    /** No database connection came free in time: a 503 page saying nothing was saved, never a 500. */
    @ExceptionHandler({org.springframework.transaction.CannotCreateTransactionException.class,
            org.springframework.jdbc.CannotGetJdbcConnectionException.class})
    String busy(RuntimeException e, Model model, HttpServletResponse response) {
        response.setHeader("Retry-After", "60");
        return refused(new DomainException(org.springframework.http.HttpStatus.SERVICE_UNAVAILABLE, "error.busy"), model,
                response);
    }

    @ExceptionHandler(DomainException.class)
    String refused(DomainException e, Model model, HttpServletResponse response) {
        response.setStatus(e.status().value());
        model.addAttribute("status", e.status().value());
        model.addAttribute("error", problems.of(e).getDetail());
        model.addAttribute("problems", problems.fieldErrors(e.fieldProblems(), LocaleContextHolder.getLocale()));
        return "portal/refused";
    }
}

package org.kcyj.identity;

import jakarta.servlet.http.HttpServletResponse;

import org.kcyj.shared.DomainException;
import org.kcyj.shared.ProblemResponses;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;

/**
 * Refusals on the pages of accounts and organisations that are not shown on the form itself (a unit or person
 * that is not the reader's: 404; a page of another role: 403): the portal's one error page, with the API's
 * statuses and messages.
 */
@ControllerAdvice(assignableTypes = {RegistrationPageController.class, OnboardingPortalController.class,
        BureauPortalController.class, AccountPortalController.class})
class OnboardingPageRefusals {
    private final ProblemResponses problems;

    OnboardingPageRefusals(ProblemResponses problems) {
        this.problems = problems;
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

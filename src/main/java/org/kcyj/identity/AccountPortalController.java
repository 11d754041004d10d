package org.kcyj.identity;

import java.time.Instant;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.kcyj.shared.DomainException;
import org.kcyj.shared.ProblemResponses;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.security.web.authentication.logout.SecurityContextLogoutHandler;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * 我的账户 / My account: every signed-in user changes their own password here (the current one required) and asks
 * to change their e-mail address. An account with an initial password to change is sent here from every other
 * portal page. It shows what the account holds (masked ID number, unit, roles), lets the person download their
 * data, and erase it (the current password and an explicit confirmation required): the session ends and a public
 * page says what was erased and what was kept, and why.
 */
@Controller
class AccountPortalController {
    private final AccountService accounts;
    private final CurrentUser currentUser;
    private final ProblemResponses problems;
    private final StaffAdministration staff;
    private final PersonalData personalData;
    private final PersonalDataViews views;

    AccountPortalController(AccountService accounts, CurrentUser currentUser, ProblemResponses problems,
                            StaffAdministration staff, PersonalData personalData, PersonalDataViews views) {
        this.accounts = accounts;
        this.currentUser = currentUser;
        this.problems = problems;
        this.staff = staff;
        this.personalData = personalData;
        this.views = views;
    }

    @GetMapping("/portal/account")
    String page(Model model) {
        return page(model, Map.of(), "");
    }

    @PostMapping("/portal/account/password")
    String changePassword(@RequestParam(defaultValue = "") String currentPassword,
                          @RequestParam(defaultValue = "") String newPassword,
                          @RequestParam(defaultValue = "") String confirmPassword, HttpServletRequest request,
                          HttpServletResponse response, Model model, RedirectAttributes redirect) {
        UserAccount user = currentUser.get();
        try {
            Instant at = accounts.changePassword(user.username(), currentPassword, newPassword, confirmPassword);
            request.changeSessionId();
            AccountStateFilter.signedInNow(request.getSession(), at);
            redirect.addFlashAttribute("message", "account.password-changed");
            return "redirect:/portal/account";
        } catch (DomainException e) {
            response.setStatus(e.status().value());
            model.addAttribute("error", problems.of(e).getDetail());
            return page(model, problems.byField(e), "");
        }
    }

    @PostMapping("/portal/account/email")
    String changeEmail(@RequestParam(defaultValue = "") String currentPassword,
                       @RequestParam(defaultValue = "") String newEmail, HttpServletResponse response, Model model,
                       RedirectAttributes redirect) {
        UserAccount user = currentUser.get();
        try {
            accounts.requestEmailChange(user.username(), currentPassword, newEmail);
            redirect.addFlashAttribute("message", "account.email-confirmation-sent");
            return "redirect:/portal/account";
        } catch (DomainException e) {
            response.setStatus(e.status().value());
            model.addAttribute("error", problems.of(e).getDetail());
            return page(model, problems.byField(e), newEmail);
        }
    }

    @PostMapping("/portal/account/erasure")
    String erase(@RequestParam(defaultValue = "") String currentPassword,
                 @RequestParam(defaultValue = "false") boolean confirmErasure, HttpServletRequest request,
                 HttpServletResponse response, Model model) {
        UserAccount user = currentUser.get();
        PersonalData.Erasure erasure;
        try {
            if (!confirmErasure) {
                throw DomainException.invalid("confirmErasure", "account.erasure.confirm-required");
            }
            erasure = personalData.erase(user.username(), currentPassword);
        } catch (DomainException e) {
            response.setStatus(e.status().value());
            model.addAttribute("error", problems.of(e).getDetail());
            Map<String, String> errors = new java.util.LinkedHashMap<>();
            problems.byField(e).forEach((field, message) ->
                    errors.put(field.equals("currentPassword") ? "erasurePassword" : field, message));
            return page(model, errors, "");
        }
        new SecurityContextLogoutHandler().logout(request, response, SecurityContextHolder.getContext().getAuthentication());
        model.addAttribute("erasure", views.describe(erasure));
        model.addAttribute("username", user.username());
        return "erasure-done";
    }

    private String page(Model model, Map<String, String> errors, String newEmail) {
        UserAccount user = currentUser.get();
        model.addAttribute("person", staff.person(user.username()));
        model.addAttribute("account", user);
        model.addAttribute("mustChange", accounts.mustChangePassword(user.username()));
        model.addAttribute("pendingEmail", accounts.pendingEmail(user.username()).orElse(null));
        model.addAttribute("minLength", accounts.policy().minLength());
        model.addAttribute("maxLength", accounts.policy().maxLength());
        model.addAttribute("errors", errors);
        model.addAttribute("newEmail", newEmail);
        return "portal/account";
    }
}

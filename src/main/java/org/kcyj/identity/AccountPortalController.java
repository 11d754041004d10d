package org.kcyj.identity;

import java.time.Instant;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.kcyj.shared.DomainException;
import org.kcyj.shared.ProblemResponses;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * 我的账户 / My account: every signed-in user changes their own password here (the current one required) and asks
 * to change their e-mail address. An account with an initial password to change is sent here from every other
 * portal page.
 */
@Controller
class AccountPortalController {
    private final AccountService accounts;
    private final CurrentUser currentUser;
    private final ProblemResponses problems;

    AccountPortalController(AccountService accounts, CurrentUser currentUser, ProblemResponses problems) {
        this.accounts = accounts;
        this.currentUser = currentUser;
        this.problems = problems;
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

    private String page(Model model, Map<String, String> errors, String newEmail) {
        UserAccount user = currentUser.get();
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

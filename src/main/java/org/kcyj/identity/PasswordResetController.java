package org.kcyj.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.kcyj.shared.DomainException;
import org.kcyj.shared.ProblemResponses;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Public pages for a forgotten password (找回密码) and for confirming a new e-mail address: they work without
 * signing in, from the links mailed by {@link AccountService}.
 */
@Controller
class PasswordResetController {
    private final AccountService accounts;
    private final ProblemResponses problems;

    PasswordResetController(AccountService accounts, ProblemResponses problems) {
        this.accounts = accounts;
        this.problems = problems;
    }

    @GetMapping("/password/forgot")
    String forgot() {
        return "password-forgot";
    }

    /** The same answer whether or not the user name or address belongs to an account. */
    @PostMapping("/password/forgot")
    String requestReset(@RequestParam(defaultValue = "") String identifier, HttpServletRequest request,
                        HttpServletResponse response, Model model) {
        try {
            accounts.requestReset(identifier, request.getRemoteAddr());
            model.addAttribute("sent", true);
            model.addAttribute("minutes", accounts.resetValidityMinutes());
        } catch (DomainException e) {
            response.setStatus(e.status().value());
            model.addAttribute("error", problems.of(e).getDetail());
        }
        return "password-forgot";
    }

    @GetMapping("/password/reset")
    String resetPage(@RequestParam(defaultValue = "") String token, Model model) {
        return resetModel(model, token, java.util.Map.of());
    }

    @PostMapping("/password/reset")
    String reset(@RequestParam(defaultValue = "") String token, @RequestParam(defaultValue = "") String newPassword,
                 @RequestParam(defaultValue = "") String confirmPassword, HttpServletResponse response, Model model) {
        try {
            accounts.resetPassword(token, newPassword, confirmPassword);
            return "redirect:/login?reset";
        } catch (DomainException e) {
            response.setStatus(e.status().value());
            model.addAttribute("error", problems.of(e).getDetail());
            return resetModel(model, token, problems.byField(e));
        }
    }

    @GetMapping("/account/email-confirmation")
    String confirmationPage(@RequestParam(defaultValue = "") String token, Model model) {
        model.addAttribute("token", token);
        accounts.emailConfirmation(token).ifPresent(pending -> {
            model.addAttribute("username", pending.getKey());
            model.addAttribute("newEmail", pending.getValue());
        });
        return "email-confirmation";
    }

    @PostMapping("/account/email-confirmation")
    String confirm(@RequestParam(defaultValue = "") String token, HttpServletResponse response, Model model) {
        try {
            model.addAttribute("confirmed", accounts.confirmEmail(token));
        } catch (DomainException e) {
            response.setStatus(e.status().value());
            model.addAttribute("token", "");
        }
        return "email-confirmation";
    }

    private String resetModel(Model model, String token, java.util.Map<String, String> errors) {
        model.addAttribute("token", token);
        model.addAttribute("valid", accounts.resetTokenValid(token));
        model.addAttribute("errors", errors);
        model.addAttribute("minLength", accounts.policy().minLength());
        model.addAttribute("maxLength", accounts.policy().maxLength());
        return "password-reset";
    }
}

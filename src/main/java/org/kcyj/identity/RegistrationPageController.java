package org.kcyj.identity;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.kcyj.shared.DomainException;
import org.kcyj.shared.FieldProblem;
import org.kcyj.shared.ProblemResponses;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The public pages of self-registration (docs/accounts.md): the registration form, the "check your mailbox" answer
 * (the same whatever happened, as {@link Registration} answers), the page of the mailed link, which confirms only
 * when its button is pressed (mail scanners follow links), and the privacy notice people consent to.
 */
@Controller
class RegistrationPageController {
    private final Registration registration;
    private final AccountService accounts;
    private final ProblemResponses problems;

    RegistrationPageController(Registration registration, AccountService accounts, ProblemResponses problems) {
        this.registration = registration;
        this.accounts = accounts;
        this.problems = problems;
    }

    /** What the form sends back when it is shown again: every field but the passwords. */
    record Form(String username, String displayName, String email, String phone, String idType, String idNumber,
                String title, String degree, String disciplineCodes, boolean consent) {
        static Form empty() {
            return new Form("", "", "", "", "RESIDENT_ID", "", "", "", "", false);
        }
    }

    @GetMapping("/register")
    String form(Model model) {
        return form(model, Form.empty(), Map.of());
    }

    @PostMapping("/register")
    String register(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String displayName,
                    @RequestParam(defaultValue = "") String email, @RequestParam(defaultValue = "") String phone,
                    @RequestParam(defaultValue = "") String idType, @RequestParam(defaultValue = "") String idNumber,
                    @RequestParam(defaultValue = "") String title, @RequestParam(defaultValue = "") String degree,
                    @RequestParam(defaultValue = "") String disciplineCodes,
                    @RequestParam(defaultValue = "") String newPassword,
                    @RequestParam(defaultValue = "") String confirmPassword,
                    @RequestParam(defaultValue = "false") boolean consent,
                    HttpServletRequest request, HttpServletResponse response, Model model) {
        Form form = new Form(username, displayName, email, phone, idType, idNumber, title, degree, disciplineCodes, consent);
        try {
            Registration.PersonInput input = new Registration.PersonInput(username, displayName, email, phone, idType,
                    idNumber, title, degree, codes(disciplineCodes), newPassword, consent);
            if (!newPassword.equals(confirmPassword)) {
                // the repetition is the page's own check: shown with every problem the service finds
                List<FieldProblem> all = new ArrayList<>();
                try {
                    registration.check(input);
                } catch (DomainException e) {
                    all.addAll(e.fieldProblems());
                }
                all.add(new FieldProblem("confirmPassword", "password.mismatch"));
                throw DomainException.invalid(all);
            }
            registration.register(input, request.getRemoteAddr());
        } catch (DomainException e) {
            response.setStatus(e.status().value());
            model.addAttribute("error", problems.of(e).getDetail());
            Map<String, String> errors = new LinkedHashMap<>(problems.byField(e));
            String password = errors.remove("password");
            if (password != null) {
                errors.put("newPassword", password);
            }
            return form(model, form, errors);
        }
        model.addAttribute("hours", registration.linkValidityHours());
        return "register-sent";
    }

    @GetMapping("/register/verify")
    String verifyPage(@RequestParam(defaultValue = "") String token, Model model) {
        model.addAttribute("token", token);
        registration.pendingUsername(token).ifPresent(u -> model.addAttribute("pending", u));
        return "register-verify";
    }

    @PostMapping("/register/verify")
    String verify(@RequestParam(defaultValue = "") String token, HttpServletResponse response, Model model) {
        try {
            model.addAttribute("verified", registration.verify(token));
        } catch (DomainException e) {
            response.setStatus(e.status().value());
            model.addAttribute("token", "");
        }
        return "register-verify";
    }

    @GetMapping("/privacy")
    String privacy(Model model) {
        model.addAttribute("version", registration.noticeVersion());
        return "privacy";
    }

    /** Discipline codes as typed: separated by commas (either width), semicolons or spaces. */
    static List<String> codes(String raw) {
        return Arrays.stream(raw.split("[,，;；、\\s]+")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private String form(Model model, Form form, Map<String, String> errors) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("idTypes", IdType.values());
        model.addAttribute("degrees", Registration.DEGREES);
        model.addAttribute("minLength", accounts.policy().minLength());
        model.addAttribute("maxLength", accounts.policy().maxLength());
        model.addAttribute("version", registration.noticeVersion());
        return "register";
    }
}

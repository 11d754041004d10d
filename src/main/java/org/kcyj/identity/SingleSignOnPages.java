package org.kcyj.identity;

import java.util.Locale;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.MessageSource;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * The pages of the single sign-on: why one was refused (in the user's language, on the error page), and the name of
 * the button the sign-in page shows ({@link Button}). Present only when a provider is configured.
 */
@Controller
@Conditional(SingleSignOnConfig.Enabled.class)
class SingleSignOnPages {
    static final String REFUSED = "/login/oauth2/refused";
    /** The refusal's status and message, by the reason the sign-in handler gives. */
    private static final Map<String, Refusal> REFUSALS = Map.of(
            "staff", new Refusal(403, "sso.refused.staff"),
            "disabled", new Refusal(403, "sso.refused.disabled"),
            "linked", new Refusal(409, "sso.refused.linked"),
            "unavailable", new Refusal(503, "sso.refused.unavailable"),
            "failed", new Refusal(401, "sso.refused.failed"));

    private record Refusal(int status, String code) {
    }

    private final MessageSource messages;

    SingleSignOnPages(MessageSource messages) {
        this.messages = messages;
    }

    @GetMapping(REFUSED)
    String refused(@RequestParam(defaultValue = "failed") String reason, Model model, HttpServletResponse response) {
        Refusal refusal = REFUSALS.getOrDefault(reason, REFUSALS.get("failed"));
        Locale locale = LocaleContextHolder.getLocale();
        response.setStatus(refusal.status());
        model.addAttribute("status", refusal.status());
        model.addAttribute("title", messages.getMessage("sso.refused.title", null, locale));
        model.addAttribute("error", messages.getMessage(refusal.code(), null, locale));
        return "error";
    }

    /** The label of the sign-in page's single sign-on button ({@code singleSignOnName}; none without a provider). */
    @ControllerAdvice
    @Conditional(SingleSignOnConfig.Enabled.class)
    static class Button {
        private final String name;

        Button(@Value("${kcyj.sso.name:}") String name) {
            this.name = name == null || name.isBlank() ? "政务服务网统一身份认证" : name.strip();
        }

        @ModelAttribute("singleSignOnName")
        String singleSignOnName() {
            return name;
        }
    }
}

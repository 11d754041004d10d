package org.kcyj.identity;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import org.springframework.context.MessageSource;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * 隐私声明 / Privacy notice: the page a self-registered person who has not accepted the current notice is sent to
 * ({@link ConsentFilter}), typically right after their first single sign-on. Accepting records the consent with the
 * notice's version (audited) and opens the portal.
 */
@Controller
class ConsentController {
    private final Registration registration;
    private final CurrentUser currentUser;
    private final MessageSource messages;

    ConsentController(Registration registration, CurrentUser currentUser, MessageSource messages) {
        this.registration = registration;
        this.currentUser = currentUser;
        this.messages = messages;
    }

    @GetMapping(ConsentFilter.PAGE)
    String page(Model model) {
        if (!registration.consentRequired(currentUser.get().username())) {
            return "redirect:/portal/inbox";
        }
        model.addAttribute("noticeVersion", registration.noticeVersion());
        return "portal/consent";
    }

    @PostMapping(ConsentFilter.PAGE)
    String accept(@RequestParam(defaultValue = "false") boolean accept, HttpServletRequest request,
                  HttpServletResponse response, Model model) {
        String username = currentUser.get().username();
        if (!registration.consentRequired(username)) {
            return "redirect:/portal/inbox";
        }
        if (!accept) {
            response.setStatus(HttpServletResponse.SC_BAD_REQUEST);
            model.addAttribute("noticeVersion", registration.noticeVersion());
            model.addAttribute("error", messages.getMessage("consent.required", null, LocaleContextHolder.getLocale()));
            return "portal/consent";
        }
        registration.consent(username);
        ConsentFilter.consented(request.getSession(), registration.noticeVersion());
        return "redirect:/portal/inbox";
    }
}

package org.kcyj.mail;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The outbox for administrators: whether mails went out, and why not when they did not. */
@RestController
@PreAuthorize("hasRole('ADMIN')")
@Tag(name = "mail", description = "发出的邮件 Outgoing mail (administrators)")
class MailOutboxController {
    private final Mailer mailer;

    MailOutboxController(Mailer mailer) {
        this.mailer = mailer;
    }

    @GetMapping("/api/v1/admin/mail-outbox")
    @Operation(summary = "Recent outgoing mails, newest first (limit 1-500): queued, sent, or given up with the last error")
    List<OutboxMail> recent(@RequestParam(defaultValue = "100") int limit) {
        return mailer.recent(limit);
    }
}

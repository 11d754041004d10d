package org.kcyj.audit;

import java.util.List;
import java.util.Optional;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.springframework.boot.ApplicationArguments;
import org.springframework.boot.ApplicationRunner;
import org.springframework.core.annotation.Order;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Component;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The audit trail of one subject, and a check of the whole chain; for programme staff and administrators. */
@RestController
@Tag(name = "audit-events", description = "审计日志 Audit trail")
class AuditController {
    private final AuditLog audit;
    private final List<AuditSubjects> owners;

    AuditController(AuditLog audit, List<AuditSubjects> owners) {
        this.audit = audit;
        this.owners = owners;
    }

    @GetMapping("/api/v1/audit-events")
    @PreAuthorize("hasAnyRole('PROGRAM_MANAGER', 'DIRECTOR', 'ADMIN')")
    @Operation(summary = "Events of one subject (proposal number, CALL-id for staff of its programme; USER-name, "
            + "UNIT-id, AFFILIATION-id for administrators), oldest first; 404 when not the caller's to read")
    List<AuditLog.Event> events(@RequestParam(required = false) String subject) {
        if (subject == null || subject.isBlank()) {
            throw org.kcyj.shared.DomainException.invalid("subject", "validation.required");
        }
        String wanted = subject.strip();
        boolean allowed = owners.stream().map(o -> o.mayRead(wanted)).flatMap(Optional::stream).findFirst()
                .orElse(true);
        if (!allowed) {
            // not theirs to read, or no such subject: the same answer
            throw org.kcyj.shared.DomainException.notFound();
        }
        return audit.forSubject(wanted);
    }


    @GetMapping("/api/v1/audit-events/verification")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "Recompute the hash chain: detects an event edited or deleted in the database")
    AuditLog.Verification verify() {
        return audit.verify();
    }

    /** Older databases: link the events written before the chain existed, at start-up. */
    @Component
    @Order(-1)
    static class LinkOlderEvents implements ApplicationRunner {
        private final AuditLog audit;

        LinkOlderEvents(AuditLog audit) {
            this.audit = audit;
        }

        @Override
        public void run(ApplicationArguments args) {
            audit.chainUnlinked();
        }
    }
}

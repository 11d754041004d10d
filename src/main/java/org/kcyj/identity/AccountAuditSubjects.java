package org.kcyj.identity;

import java.util.Optional;

import org.kcyj.audit.AuditSubjects;
import org.springframework.stereotype.Component;

/**
 * The audit trails of accounts, units, affiliations and registrations hold personal data: administrators only
 * (people read their own account's events in their data download).
 */
@Component
class AccountAuditSubjects implements AuditSubjects {
    private final CurrentUser currentUser;

    AccountAuditSubjects(CurrentUser currentUser) {
        this.currentUser = currentUser;
    }

    @Override
    public Optional<Boolean> mayRead(String subject) {
        if (subject.startsWith("USER-") || subject.startsWith("UNIT-") || subject.startsWith("AFFILIATION-")
                || subject.equals("REGISTRATION") || subject.startsWith("PROGRAMME-")) {
            return Optional.of(currentUser.get().has(Role.ADMIN));
        }
        return Optional.empty();
    }
}

package org.kcyj.proposal;

import java.util.Optional;

import org.kcyj.audit.AuditSubjects;
import org.kcyj.call.CallService;
import org.kcyj.identity.CurrentUser;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserAccount;
import org.springframework.stereotype.Component;

/**
 * The audit trails of proposals and calls: read by the staff who read them as staff (a programme manager within
 * their 专项, directors, administrators).
 */
@Component
class ProposalAuditSubjects implements AuditSubjects {
    private final ProposalRepository proposals;
    private final ProposalAccess access;
    private final CallService calls;
    private final CurrentUser currentUser;

    ProposalAuditSubjects(ProposalRepository proposals, ProposalAccess access, CallService calls, CurrentUser currentUser) {
        this.proposals = proposals;
        this.access = access;
        this.calls = calls;
        this.currentUser = currentUser;
    }

    @Override
    public Optional<Boolean> mayRead(String subject) {
        if (subject.startsWith("CALL-")) {
            UserAccount user = currentUser.get();
            try {
                long id = Long.parseLong(subject.substring("CALL-".length()));
                return Optional.of(staff(user) && calls.staffReads(user, id));
            } catch (RuntimeException notACall) {
                return Optional.of(false);
            }
        }
        return proposals.byNumber(subject).map(p -> {
            UserAccount user = currentUser.get();
            return staff(user) && access.staffReads(user, p);
        });
    }

    private static boolean staff(UserAccount user) {
        return user.has(Role.PROGRAM_MANAGER) || user.has(Role.DIRECTOR) || user.has(Role.ADMIN);
    }
}

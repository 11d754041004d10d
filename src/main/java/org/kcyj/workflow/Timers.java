package org.kcyj.workflow;

import org.kcyj.audit.AuditLog;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserAccount;
import org.kcyj.shared.DomainException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Administrators fire a waiting timer early (audited), e.g. to walk the demo without waiting. */
@Service
public class Timers {
    private final Workflow workflow;
    private final AuditLog audit;

    Timers(Workflow workflow, AuditLog audit) {
        this.workflow = workflow;
        this.audit = audit;
    }

    @Transactional
    public Workflow.WaitingTimer fire(UserAccount admin, String timerId) {
        if (!admin.has(Role.ADMIN)) {
            throw DomainException.forbidden();
        }
        Workflow.WaitingTimer timer = workflow.fireTimer(timerId);
        audit.record(admin.username(), "TIMER_FIRED", timer.businessKey() == null ? timerId : timer.businessKey(),
                null, null, timer.activityId() + " due " + timer.due());
        return timer;
    }
}

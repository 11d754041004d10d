package org.kcyj.workflow;

import org.kcyj.audit.AuditLog;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserAccount;
import org.kcyj.shared.DomainException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Administrators fire a waiting timer (audited): an overdue one at any time, one not yet due only
 * where the configuration allows it (the demo, to walk the lifecycle without waiting).
 */
@Service
public class Timers {
    private final Workflow workflow;
    private final AuditLog audit;
    private final java.time.Clock clock;
    private final boolean fireEarly;

    Timers(Workflow workflow, AuditLog audit, java.time.Clock clock,
           @org.springframework.beans.factory.annotation.Value("${kcyj.timers.fire-early:false}") boolean fireEarly) {
        this.workflow = workflow;
        this.audit = audit;
        this.clock = clock;
        this.fireEarly = fireEarly;
    }

    @Transactional
    public Workflow.WaitingTimer fire(UserAccount admin, String timerId) {
        if (!admin.has(Role.ADMIN)) {
            throw DomainException.forbidden();
        }
        Workflow.WaitingTimer timer = workflow.fireTimer(timerId, due -> {
            // Outside the demo a deadline or notice period is never cut short; an overdue timer may be fired.
            if (!fireEarly && due != null && due.isAfter(java.time.Instant.now(clock))) {
                throw DomainException.conflict("error.timer-not-due");
            }
        });
        audit.record(admin.username(), "TIMER_FIRED", timer.businessKey() == null ? timerId : timer.businessKey(),
                null, null, timer.activityId() + " due " + timer.due());
        return timer;
    }
}

package org.kcyj.workflow;

import org.kcyj.audit.AuditLog;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserAccount;
import org.kcyj.shared.DomainException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

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
    private final TransactionTemplate transaction;

    Timers(Workflow workflow, AuditLog audit, java.time.Clock clock, PlatformTransactionManager transactions,
           @org.springframework.beans.factory.annotation.Value("${kcyj.timers.fire-early:false}") boolean fireEarly) {
        this.workflow = workflow;
        this.audit = audit;
        this.clock = clock;
        this.fireEarly = fireEarly;
        this.transaction = new TransactionTemplate(transactions);
    }

    /**
     * Fires the timer in a transaction of its own. If that fails and, once it is rolled back, the timer is gone, a
     * user completed the step it guards (or another administrator fired it) at the same moment: 409, whichever way
     * the engine failed (an optimistic-locking refusal, or an error reading a process that moved on). Asked after
     * the rollback, so neither a transaction PostgreSQL has aborted nor the failed attempt's own deletes mislead
     * the answer. Any other failure stands.
     */
    public Workflow.WaitingTimer fire(UserAccount admin, String timerId) {
        if (!admin.has(Role.ADMIN)) {
            throw DomainException.forbidden();
        }
        try {
            return transaction.execute(status -> fireNow(admin, timerId));
        } catch (DomainException refused) {
            throw refused;
        } catch (RuntimeException failed) {
            if (gone(timerId, failed)) {
                throw DomainException.conflict("error.stage");
            }
            throw failed;
        }
    }

    private boolean gone(String timerId, RuntimeException failed) {
        try {
            return !workflow.timerExists(timerId);
        } catch (RuntimeException unanswerable) {
            failed.addSuppressed(unanswerable);
            return false;
        }
    }

    private Workflow.WaitingTimer fireNow(UserAccount admin, String timerId) {
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

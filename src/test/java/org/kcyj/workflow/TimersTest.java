package org.kcyj.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.inOrder;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.util.Set;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.junit.jupiter.api.Test;
import org.kcyj.audit.AuditLog;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserAccount;
import org.kcyj.shared.DomainException;
import org.mockito.InOrder;
import org.springframework.http.HttpStatus;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.SimpleTransactionStatus;

/**
 * An administrator fires a timer at the moment a user completes the step it guards: the engine fails while firing,
 * in whatever way the interleaving produces. Once the attempt is rolled back, a timer that has gone means the step
 * moved on (409); any other failure stands.
 */
class TimersTest {
    private static final String TIMER = "job-1";
    private static final UserAccount ADMIN = new UserAccount("admin", "系统管理员", null, null, false, Set.of(Role.ADMIN));

    private final Workflow workflow = mock(Workflow.class);
    private final PlatformTransactionManager transactions = mock(PlatformTransactionManager.class);
    private final Timers timers = new Timers(workflow, mock(AuditLog.class), Clock.systemUTC(), transactions, true);

    {
        when(transactions.getTransaction(any(TransactionDefinition.class))).thenReturn(new SimpleTransactionStatus());
    }

    @Test
    void aTimerThatWentAwayWhileFiringIsAConflictAskedAfterTheRollback() {
        when(workflow.fireTimer(eq(TIMER), any())).thenThrow(new NullPointerException("the process moved on"));
        when(workflow.timerExists(TIMER)).thenReturn(false);

        assertThatThrownBy(() -> timers.fire(ADMIN, TIMER))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.CONFLICT));
        InOrder order = inOrder(transactions, workflow);
        order.verify(transactions).rollback(any());
        order.verify(workflow).timerExists(TIMER);
    }

    @Test
    void aConcurrentChangeWithTheTimerStillThereStandsAsSuch() {
        when(workflow.fireTimer(eq(TIMER), any())).thenThrow(new OptimisticLockingException("changed meanwhile"));
        when(workflow.timerExists(TIMER)).thenReturn(true);

        assertThatThrownBy(() -> timers.fire(ADMIN, TIMER)).isInstanceOf(OptimisticLockingException.class);
    }

    @Test
    void aTimerThatFailsAndStaysIsTheEnginesFailure() {
        when(workflow.fireTimer(eq(TIMER), any())).thenThrow(new IllegalStateException("a delegate failed"));
        when(workflow.timerExists(TIMER)).thenReturn(true);

        assertThatThrownBy(() -> timers.fire(ADMIN, TIMER)).isInstanceOf(IllegalStateException.class)
                .hasMessage("a delegate failed");
    }

    @Test
    void whenEvenTheQuestionFailsTheOriginalFailureStands() {
        when(workflow.fireTimer(eq(TIMER), any())).thenThrow(new IllegalStateException("a delegate failed"));
        when(workflow.timerExists(TIMER)).thenThrow(new IllegalStateException("database down"));

        assertThatThrownBy(() -> timers.fire(ADMIN, TIMER)).isInstanceOf(IllegalStateException.class)
                .hasMessage("a delegate failed");
    }

    @Test
    void refusalsPassThroughUnchanged() {
        when(workflow.fireTimer(eq(TIMER), any())).thenThrow(DomainException.notFound());

        assertThatThrownBy(() -> timers.fire(ADMIN, TIMER))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.NOT_FOUND));
    }
}

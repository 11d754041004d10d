package org.kcyj.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.RETURNS_DEEP_STUBS;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import java.util.List;

import org.camunda.bpm.engine.ManagementService;
import org.camunda.bpm.engine.RepositoryService;
import org.camunda.bpm.engine.RuntimeService;
import org.camunda.bpm.engine.TaskService;
import org.camunda.bpm.engine.runtime.Job;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.kcyj.shared.DomainException;
import org.springframework.http.HttpStatus;

/**
 * A timer fired by an administrator at the moment a user completes the step it guards: the engine fails while
 * firing, in whatever way the interleaving produces. When the timer has gone, the administrator is told the step
 * moved on (409); any other failure stands.
 */
class WorkflowTimerTest {
    private static final String TIMER = "job-1";
    private final ManagementService management = mock(ManagementService.class, RETURNS_DEEP_STUBS);
    private final Workflow workflow = new Workflow(mock(RuntimeService.class, RETURNS_DEEP_STUBS), mock(TaskService.class),
            mock(RepositoryService.class, RETURNS_DEEP_STUBS), management, List.of());

    @BeforeEach
    void aWaitingTimer() {
        Job job = mock(Job.class);
        when(job.getId()).thenReturn(TIMER);
        when(management.createJobQuery().jobId(TIMER).timers().active().singleResult()).thenReturn(job);
    }

    @Test
    void aTimerThatWentAwayWhileFiringIsAConflict() {
        doThrow(new NullPointerException("the process moved on")).when(management).executeJob(TIMER);
        when(management.createJobQuery().jobId(TIMER).count()).thenReturn(0L);

        assertThatThrownBy(() -> workflow.fireTimer(TIMER, due -> { }))
                .isInstanceOfSatisfying(DomainException.class, e -> assertThat(e.status()).isEqualTo(HttpStatus.CONFLICT));
    }

    @Test
    void aTimerThatFailsAndStaysIsTheEnginesFailure() {
        doThrow(new IllegalStateException("a delegate failed")).when(management).executeJob(TIMER);
        when(management.createJobQuery().jobId(TIMER).count()).thenReturn(1L);

        assertThatThrownBy(() -> workflow.fireTimer(TIMER, due -> { })).isInstanceOf(IllegalStateException.class)
                .hasMessage("a delegate failed");
    }

    @Test
    void whenEvenTheQuestionFailsTheOriginalFailureStands() {
        doThrow(new IllegalStateException("a delegate failed")).when(management).executeJob(TIMER);
        when(management.createJobQuery().jobId(TIMER).count()).thenThrow(new IllegalStateException("transaction aborted"));

        assertThatThrownBy(() -> workflow.fireTimer(TIMER, due -> { })).isInstanceOf(IllegalStateException.class)
                .hasMessage("a delegate failed");
    }
}

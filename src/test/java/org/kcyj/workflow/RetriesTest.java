package org.kcyj.workflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicInteger;

import org.apache.ibatis.exceptions.PersistenceException;
import org.camunda.bpm.engine.OptimisticLockingException;
import org.camunda.bpm.engine.ProcessEngineException;
import org.junit.jupiter.api.Test;
import org.kcyj.shared.DomainException;
import org.springframework.dao.CannotAcquireLockException;
import org.springframework.http.HttpStatus;

/** Which failures are lost races that are run again, and which are faults or refusals that are not. */
class RetriesTest {

    /** How the engine reports a deadlock PostgreSQL broke: its own exception around MyBatis's around the driver's. */
    private static ProcessEngineException engineFailure(String sqlState) {
        SQLException driver = new SQLException("ERROR: deadlock detected", sqlState);
        return new ProcessEngineException("ENGINE-03083 Exception while executing Batch Database Operations",
                new PersistenceException(driver));
    }

    @Test
    void aDeadlockOrSerializationFailureReportedThroughTheEngineIsRunAgain() {
        for (String state : new String[] {"40P01", "40001"}) {
            AtomicInteger calls = new AtomicInteger();
            String result = Retries.onConcurrentChange(() -> {
                if (calls.incrementAndGet() == 1) {
                    throw engineFailure(state);
                }
                return "saved";
            });
            assertThat(result).isEqualTo("saved");
            assertThat(calls).hasValue(2);
        }
    }

    @Test
    void optimisticLockingAndSpringsConcurrencyFailuresAreRunAgain() {
        AtomicInteger calls = new AtomicInteger();
        Retries.onConcurrentChange(() -> {
            switch (calls.incrementAndGet()) {
                case 1 -> throw new OptimisticLockingException("updated by another transaction concurrently");
                case 2 -> throw new CannotAcquireLockException("deadlock");
                default -> { }
            }
        });
        assertThat(calls).hasValue(3);
    }

    @Test
    void anEngineFaultThatIsNoRaceIsNotRunAgain() {
        AtomicInteger calls = new AtomicInteger();
        ProcessEngineException fault = engineFailure("23502");
        assertThatThrownBy(() -> Retries.onConcurrentChange(() -> {
            calls.incrementAndGet();
            throw fault;
        })).isSameAs(fault);
        assertThat(calls).hasValue(1);
        assertThat(Retries.isConcurrentChange(new ProcessEngineException("Cannot find task"))).isFalse();
    }

    @Test
    void aBusinessRefusalIsNotRunAgain() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Retries.onConcurrentChange(() -> {
            calls.incrementAndGet();
            throw DomainException.conflict("error.stage");
        })).isInstanceOf(DomainException.class).extracting(e -> ((DomainException) e).status())
                .isEqualTo(HttpStatus.CONFLICT);
        assertThat(calls).hasValue(1);
    }

    @Test
    void aRaceLostEveryTimeEndsAfterTheLastAttemptWithItsOwnFailure() {
        AtomicInteger calls = new AtomicInteger();
        assertThatThrownBy(() -> Retries.onConcurrentChange(() -> {
            throw new OptimisticLockingException("attempt " + calls.incrementAndGet());
        })).isInstanceOf(OptimisticLockingException.class).hasMessage("attempt " + Retries.ATTEMPTS);
        assertThat(calls).hasValue(Retries.ATTEMPTS);
    }
}

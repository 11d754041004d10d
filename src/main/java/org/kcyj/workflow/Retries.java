package org.kcyj.workflow;

import java.sql.SQLException;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Supplier;

import org.camunda.bpm.engine.OptimisticLockingException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.ConcurrencyFailureException;

/**
 * Runs a whole transaction again when it lost a race that is nobody's fault: many reviewers completing
 * sibling tasks of one process at the same moment make the engine refuse all but one (optimistic locking);
 * the others' work must not be lost, so their transaction is simply repeated. A business refusal
 * ({@link org.kcyj.shared.DomainException}) is never repeated. Call it outside the transaction it repeats.
 */
public final class Retries {
    private static final Logger log = LoggerFactory.getLogger(Retries.class);
    static final int ATTEMPTS = 8;
    /** SQL states of a lost race: SQL's serialization failure, PostgreSQL's deadlock, H2's lock timeout. */
    private static final java.util.Set<String> LOST_RACE = java.util.Set.of("40001", "40P01", "HYT00");

    private Retries() {
    }

    public static <T> T onConcurrentChange(Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (RuntimeException e) {
                if (!isConcurrentChange(e) || attempt >= ATTEMPTS) {
                    throw e;
                }
                log.debug("Concurrent change, attempt {} of {}: {}", attempt, ATTEMPTS, e.getMessage());
                pause(attempt);
            }
        }
    }

    /**
     * Whether a failure is a lost race rather than a fault: the engine's optimistic locking, Spring's
     * concurrency failures, and a deadlock or serialization failure the database reported through the
     * engine (which wraps it in a plain {@code ProcessEngineException}).
     */
    public static boolean isConcurrentChange(Throwable failure) {
        if (failure instanceof OptimisticLockingException || failure instanceof ConcurrencyFailureException) {
            return true;
        }
        Throwable t = failure;
        for (int depth = 0; t != null && depth < 32; depth++, t = t.getCause()) {
            if (t instanceof SQLException sql) {
                for (SQLException e = sql; e != null; e = e.getNextException()) {
                    if (e.getSQLState() != null && LOST_RACE.contains(e.getSQLState())) {
                        return true;
                    }
                }
            }
        }
        return false;
    }

    /**
     * Whether a request failed because someone else acted first: a lost race as above, or a task that was
     * completed meanwhile (the engine's {@code NullValueException}). Such a request is refused with a 409, never
     * a 500; the pages and the API ask here, so only this module knows the engine's exception types.
     */
    public static boolean isLostRace(Throwable failure) {
        return failure instanceof org.camunda.bpm.engine.exception.NullValueException || isConcurrentChange(failure);
    }

    public static void onConcurrentChange(Runnable transaction) {
        onConcurrentChange(() -> {
            transaction.run();
            return null;
        });
    }

    private static void pause(int attempt) {
        try {
            Thread.sleep(ThreadLocalRandom.current().nextLong(5, 20L * attempt));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting to retry", e);
        }
    }
}

package org.kcyj.shared;

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
 * ({@link DomainException}) is never repeated. Call it outside the transaction it repeats.
 */
public final class Retries {
    private static final Logger log = LoggerFactory.getLogger(Retries.class);
    static final int ATTEMPTS = 8;

    private Retries() {
    }

    public static <T> T onConcurrentChange(Supplier<T> transaction) {
        for (int attempt = 1; ; attempt++) {
            try {
                return transaction.get();
            } catch (OptimisticLockingException | ConcurrencyFailureException e) {
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                log.debug("Concurrent change, attempt {} of {}: {}", attempt, ATTEMPTS, e.getMessage());
                pause(attempt);
            }
        }
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

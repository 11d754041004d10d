package org.kcyj.shared;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.kcyj.support.IntegrationTest;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/** Numbers come from the database: concurrent first uses of a counter give distinct numbers, no error. */
@IntegrationTest
class NumberSequenceConcurrencyTest {
    private static final int THREADS = 4;

    @Autowired
    NumberSequence numbers;
    @Autowired
    PlatformTransactionManager transactions;

    @Test
    void concurrentTransactionsNeverShareANumber() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(THREADS);
        try {
            for (int round = 0; round < 10; round++) {
                String counter = "race-" + UUID.randomUUID();
                CyclicBarrier start = new CyclicBarrier(THREADS);
                List<Future<Long>> results = new ArrayList<>();
                for (int t = 0; t < THREADS; t++) {
                    results.add(pool.submit(() -> new TransactionTemplate(transactions).execute(status -> {
                        try {
                            start.await(10, TimeUnit.SECONDS);
                        } catch (Exception e) {
                            throw new IllegalStateException(e);
                        }
                        return numbers.next(counter);
                    })));
                }
                List<Long> got = new ArrayList<>();
                for (Future<Long> result : results) {
                    got.add(result.get(30, TimeUnit.SECONDS));
                }
                assertThat(got).containsExactlyInAnyOrder(1L, 2L, 3L, 4L);
            }
        } finally {
            pool.shutdownNow();
        }
    }
}

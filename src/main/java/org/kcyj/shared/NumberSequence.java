package org.kcyj.shared;

import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Business numbers assigned by the database: the counter row stays locked until the transaction
 * commits, so two submissions never get the same number.
 */
@Service
public class NumberSequence {
    private final JdbcClient jdbc;
    private final TransactionTemplate savepoint;

    NumberSequence(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.savepoint = new TransactionTemplate(transactions);
        this.savepoint.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    @Transactional(propagation = Propagation.MANDATORY)
    public long next(String name) {
        for (int attempt = 0; attempt < 3; attempt++) {
            int updated = jdbc.sql("update app.number_sequence set next_value = next_value + 1 where name = ?")
                    .param(name).update();
            if (updated == 1) {
                return jdbc.sql("select next_value - 1 from app.number_sequence where name = ?").param(name)
                        .query(Long.class).single();
            }
            try {
                // In a savepoint: on PostgreSQL a failed insert would otherwise abort the caller's transaction.
                savepoint.executeWithoutResult(status ->
                        jdbc.sql("insert into app.number_sequence (name, next_value) values (?, 2)").param(name).update());
                return 1;
            } catch (DuplicateKeyException raced) {
                // another transaction created the counter first; take the update path
            }
        }
        throw new IllegalStateException("Could not allocate a number for " + name);
    }
}

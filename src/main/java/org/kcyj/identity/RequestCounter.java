package org.kcyj.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Counts requests of a kind per address (the requester's IP, or a mailbox) in the database, so every node sees the
 * same count. A request is counted in a transaction of its own: a refusal further on does not undo it.
 */
@Component
class RequestCounter {
    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate ownTransaction;

    RequestCounter(JdbcClient jdbc, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Counts one request; false (and not counted) once the address made {@code limit} within the window. */
    boolean allow(String kind, String address, int limit, Duration window) {
        if (address == null || address.isBlank()) {
            return true;
        }
        String key = address.length() > 64 ? address.substring(0, 64) : address;
        Boolean allowed = ownTransaction.execute(status -> {
            Instant now = Instant.now(clock);
            jdbc.sql("delete from app.request_count where kind = ? and at < ?")
                    .params(kind, Timestamp.from(now.minus(window).minus(window))).update();
            int recent = jdbc.sql("select count(*) from app.request_count where kind = ? and address = ? and at > ?")
                    .params(kind, key, Timestamp.from(now.minus(window))).query(Integer.class).single();
            if (recent >= limit) {
                return false;
            }
            jdbc.sql("insert into app.request_count (kind, address, at) values (?, ?, ?)")
                    .params(kind, key, Timestamp.from(now)).update();
            return true;
        });
        return Boolean.TRUE.equals(allowed);
    }
}

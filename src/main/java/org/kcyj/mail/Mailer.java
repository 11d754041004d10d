package org.kcyj.mail;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;

/** Queues e-mail in the outbox, in the caller's transaction; a key already queued is not queued again. */
@Service
public class Mailer {
    private final JdbcClient jdbc;
    private final Clock clock;

    Mailer(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public boolean queue(String idempotencyKey, String recipient, String subject, String body) {
        if (recipient == null || recipient.isBlank()) {
            return false;
        }
        return jdbc.sql("""
                        insert into app.mail_outbox (idempotency_key, recipient, subject, body, created_at)
                        select ?, ?, ?, ?, ? from (values (1)) as one (x)
                        where not exists (select 1 from app.mail_outbox where idempotency_key = ?)""")
                .params(idempotencyKey, recipient, subject, body, Timestamp.from(Instant.now(clock)), idempotencyKey)
                .update() == 1;
    }
}

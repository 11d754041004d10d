package org.kcyj.mail;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Queues outgoing e-mail in the outbox table, in the transaction of the decision that sends it: the mail goes
 * out (through {@link MailDispatcher}) if and only if the decision is committed, and a mail server that is down
 * never rolls a decision back. Every mail has an idempotency key (e.g. {@code invitation-42}); a second mail with
 * the same key is not queued, so a repeated step never mails anyone twice. Every mail also gets its
 * {@code Message-ID} here ({@link #messageId}), which every attempt to send it carries.
 */
@Service
public class Mailer {
    static final int MAX_KEY = 200;
    static final int MAX_RECIPIENT = 200;
    static final int MAX_SUBJECT = 300;
    private static final int MAX_RECENT = 500;
    private static final int MAX_KEY_IN_ID = 60;
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9-]+(\\.[A-Za-z0-9-]+)*");
    private static final Logger log = LoggerFactory.getLogger(Mailer.class);

    private final JdbcClient jdbc;
    private final Clock clock;
    private final String messageIdDomain;

    Mailer(JdbcClient jdbc, Clock clock, @Value("${kcyj.mail.from:noreply@kcyj.example}") String from) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.messageIdDomain = domainOf(from);
    }

    /**
     * A new {@code Message-ID} (RFC 5322 msg-id) for the mail with this key: {@code <{random}.{key}@{domain}>},
     * where the random part keeps ids unique across installations and databases, the key (reduced to letters,
     * digits, '-' and '_', at most 60 of them) lets a reader of the mail log find the row, and the domain is that
     * of {@code kcyj.mail.from}.
     */
    String messageId(String key) {
        String readable = key.replaceAll("[^A-Za-z0-9_-]", "_");
        if (readable.length() > MAX_KEY_IN_ID) {
            readable = readable.substring(0, MAX_KEY_IN_ID);
        }
        return "<" + UUID.randomUUID().toString().replace("-", "") + "." + readable + "@" + messageIdDomain + ">";
    }

    /** The domain of the sender address if it is a plain ASCII domain, else {@code kcyj.local}. */
    static String domainOf(String from) {
        int at = from == null ? -1 : from.lastIndexOf('@');
        String domain = at < 0 ? "" : from.substring(at + 1).strip();
        if (domain.endsWith(">")) {
            domain = domain.substring(0, domain.length() - 1);
        }
        return DOMAIN.matcher(domain).matches() ? domain : "kcyj.local";
    }

    /**
     * Queues one plain-text mail in the caller's transaction.
     *
     * @return true if queued; false if a mail with this key was queued before, or there is no address to send to
     * @throws IllegalArgumentException if the key is blank or longer than 200 characters
     */
    @Transactional(propagation = Propagation.REQUIRED)
    public boolean queue(String idempotencyKey, String recipient, String subject, String body) {
        if (idempotencyKey == null || idempotencyKey.isBlank() || idempotencyKey.length() > MAX_KEY) {
            throw new IllegalArgumentException("A mail needs an idempotency key of 1 to " + MAX_KEY + " characters");
        }
        if (recipient == null || recipient.isBlank()) {
            log.info("Mail {} not queued: no e-mail address", idempotencyKey);
            return false;
        }
        String to = recipient.strip();
        if (to.length() > MAX_RECIPIENT) {
            log.warn("Mail {} not queued: the address is longer than {} characters", idempotencyKey, MAX_RECIPIENT);
            return false;
        }
        Timestamp now = Timestamp.from(Instant.now(clock));
        // Not "insert and catch the duplicate": on PostgreSQL a failed statement aborts the caller's transaction.
        // Two transactions queueing the same key at the same moment still meet the unique index.
        int inserted = jdbc.sql("""
                        insert into app.mail_outbox (idempotency_key, recipient, subject, body, created_at, attempts,
                            next_attempt_at, message_id)
                        select cast(? as varchar), cast(? as varchar), cast(? as varchar), cast(? as varchar),
                               cast(? as timestamp with time zone), 0, cast(? as timestamp with time zone),
                               cast(? as varchar)
                        from (values (1)) as one (x)
                        where not exists (select 1 from app.mail_outbox where idempotency_key = ?)""")
                .params(idempotencyKey, to, subject(subject), body == null ? "" : body, now, now,
                        messageId(idempotencyKey), idempotencyKey)
                .update();
        if (inserted == 0) {
            log.debug("Mail {} already queued", idempotencyKey);
        }
        return inserted == 1;
    }

    /**
     * Drops every mail, sent or not, to the addresses of one domain (e.g. the demo's people, who need no welcome mail);
     * returns how many were dropped.
     */
    @Transactional(propagation = Propagation.REQUIRED)
    public int discardFor(String domain) {
        return jdbc.sql("delete from app.mail_outbox where recipient like ?").param("%@" + domain).update();
    }

    /** The most recent mails, newest first; {@code limit} is kept between 1 and 500. */
    public List<OutboxMail> recent(int limit) {
        return jdbc.sql("""
                        select id, idempotency_key, recipient, subject, created_at, sent_at, attempts, last_error
                        from app.mail_outbox order by id desc fetch first ? rows only""")
                .param(Math.max(1, Math.min(limit, MAX_RECENT)))
                .query(Mailer::map).list();
    }

    private static String subject(String subject) {
        String text = subject == null ? "" : subject.strip();
        return text.length() <= MAX_SUBJECT ? text : text.substring(0, MAX_SUBJECT - 1) + "…";
    }

    private static OutboxMail map(ResultSet rs, int row) throws SQLException {
        return new OutboxMail(rs.getLong("id"), rs.getString("idempotency_key"), rs.getString("recipient"),
                rs.getString("subject"), instant(rs.getObject("created_at", OffsetDateTime.class)),
                instant(rs.getObject("sent_at", OffsetDateTime.class)), rs.getInt("attempts"), rs.getString("last_error"));
    }

    private static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}

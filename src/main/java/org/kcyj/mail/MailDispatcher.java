package org.kcyj.mail;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.mail.javamail.MimeMessageHelper;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Sends the mails {@link Mailer} queued, oldest first, outside any business transaction, so that a slow or
 * absent mail server delays mail but never a decision. Each mail is claimed before it is sent (its attempt count
 * moves on only if nobody else moved it, and it is not due again for a while), so two nodes never send the same
 * row. A failure is recorded on the row and retried later, with a growing delay, until
 * {@code kcyj.mail.max-attempts}. Without a mail server (no {@code spring.mail.host}) mails stay queued.
 *
 * <p>After a crash. A mail whose claim was committed but which was never handed to the server waits until its
 * lease ({@code kcyj.mail.sending-lease}) ends and is then sent. The one moment no outbox can make safe is
 * between the server's acceptance and the row being marked sent: the mail goes out again after the lease. It then
 * carries the same {@code Message-ID}, chosen when it was queued ({@link Mailer#messageId}), so that mail systems
 * and readers can recognise the repetition. That is at least once, never lost; the crash tests count it.
 */
@Component
public class MailDispatcher {
    static final int BATCH = 50;
    static final int MAX_ERROR = 1000;
    private static final Duration MAX_RETRY_DELAY = Duration.ofHours(1);
    private static final Logger log = LoggerFactory.getLogger(MailDispatcher.class);

    private final JdbcClient jdbc;
    private final ObjectProvider<JavaMailSender> senders;
    private final Clock clock;
    private final String from;
    private final int maxAttempts;
    private final Duration retryDelay;
    private final Duration sendingLease;
    private final AtomicBoolean warnedUnconfigured = new AtomicBoolean();

    MailDispatcher(JdbcClient jdbc, ObjectProvider<JavaMailSender> senders, Clock clock,
                   @Value("${kcyj.mail.from:noreply@kcyj.example}") String from,
                   @Value("${kcyj.mail.max-attempts:10}") int maxAttempts,
                   @Value("${kcyj.mail.retry-delay:PT1M}") Duration retryDelay,
                   @Value("${kcyj.mail.sending-lease:PT10M}") Duration sendingLease) {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("kcyj.mail.max-attempts must be at least 1");
        }
        if (sendingLease.isNegative() || sendingLease.isZero()) {
            throw new IllegalArgumentException("kcyj.mail.sending-lease must be positive");
        }
        this.jdbc = jdbc;
        this.senders = senders;
        this.clock = clock;
        this.from = from;
        this.maxAttempts = maxAttempts;
        this.retryDelay = retryDelay;
        this.sendingLease = sendingLease;
    }

    @Scheduled(fixedDelayString = "${kcyj.mail.dispatch-interval:PT5S}")
    void dispatchDue() {
        flush();
    }

    /** Sends every mail that is due now; returns how many this call sent (not those another node sent). */
    public int flush() {
        JavaMailSender sender = senders.getIfAvailable();
        if (sender == null) {
            if (warnedUnconfigured.compareAndSet(false, true)) {
                log.warn("No mail server configured (spring.mail.host): e-mails stay queued in the outbox");
            }
            return 0;
        }
        int sent = 0;
        List<Due> batch;
        do {
            batch = due();
            for (Due mail : batch) {
                if (claim(mail) && send(sender, mail)) {
                    sent++;
                }
            }
        } while (batch.size() == BATCH);
        return sent;
    }

    /** A queued mail as the dispatcher reads it; {@code attempts} is the count before this attempt. */
    private record Due(long id, String messageId, String recipient, String subject, String body, int attempts) {
    }

    private List<Due> due() {
        return jdbc.sql("""
                        select id, message_id, recipient, subject, body, attempts from app.mail_outbox
                        where sent_at is null and attempts < ? and next_attempt_at <= ?
                        order by id fetch first %d rows only""".formatted(BATCH))
                .params(maxAttempts, now())
                .query((rs, row) -> new Due(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getInt(6)))
                .list();
    }

    /** Takes the mail for this node: false if another node (or another flush) took it first. */
    private boolean claim(Due mail) {
        return jdbc.sql("""
                        update app.mail_outbox set attempts = attempts + 1, next_attempt_at = ?
                        where id = ? and sent_at is null and attempts = ?""")
                .params(Timestamp.from(clock.instant().plus(sendingLease)), mail.id(), mail.attempts())
                .update() == 1;
    }

    private boolean send(JavaMailSender sender, Due mail) {
        MimeMessage message = sender.createMimeMessage();
        try {
            MimeMessageHelper helper = new MimeMessageHelper(message, false, "UTF-8");
            helper.setFrom(from);
            helper.setTo(mail.recipient());
            helper.setSubject(mail.subject());
            helper.setText(mail.body(), false);
            // Spring's sender keeps an id set before sending.
            message.setHeader("Message-ID", mail.messageId());
        } catch (MessagingException | RuntimeException e) {
            // An address that cannot be parsed will not parse on the next attempt either.
            giveUp(mail, e);
            return false;
        }
        try {
            sender.send(message);
        } catch (RuntimeException e) {
            failed(mail, e);
            return false;
        }
        jdbc.sql("update app.mail_outbox set sent_at = ?, last_error = null where id = ?")
                .params(now(), mail.id())
                .update();
        return true;
    }

    private void failed(Due mail, Exception e) {
        int attempts = mail.attempts() + 1;
        if (attempts >= maxAttempts) {
            giveUp(mail, e);
            return;
        }
        Duration delay = retryDelay.multipliedBy(1L << Math.min(attempts - 1, 20));
        Instant next = clock.instant().plus(delay.compareTo(MAX_RETRY_DELAY) > 0 ? MAX_RETRY_DELAY : delay);
        log.info("Mail {} failed (attempt {} of {}), retry at {}: {}", mail.id(), attempts,
                maxAttempts, next, e.getMessage());
        jdbc.sql("update app.mail_outbox set last_error = ?, next_attempt_at = ? where id = ?")
                .params(error(e), Timestamp.from(next), mail.id())
                .update();
    }

    private void giveUp(Due mail, Exception e) {
        log.warn("Mail {} given up: {}", mail.id(), e.getMessage());
        jdbc.sql("update app.mail_outbox set attempts = ?, last_error = ? where id = ?")
                .params(Math.max(maxAttempts, mail.attempts() + 1), error(e), mail.id())
                .update();
    }

    private static String error(Exception e) {
        String text = e.getMessage() == null ? e.getClass().getName() : e.getMessage();
        return text.length() <= MAX_ERROR ? text : text.substring(0, MAX_ERROR);
    }

    private Timestamp now() {
        return Timestamp.from(clock.instant());
    }
}

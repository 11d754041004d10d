package org.kcyj.mail;

import java.time.Instant;

/**
 * One outgoing mail as administrators see it: queued ({@code sentAt} null), sent, or given up after too many
 * attempts ({@code lastError} tells why). The body is left out: the list is for checking delivery, not reading.
 */
public record OutboxMail(long id, String key, String recipient, String subject, Instant createdAt, Instant sentAt,
                         int attempts, String lastError) {
}

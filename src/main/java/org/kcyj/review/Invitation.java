package org.kcyj.review;

import java.time.Instant;

/**
 * One expert invited to review one proposal in one slot. A slot keeps its number when a replacement
 * takes it over; {@code attempt} counts the experts invited for it.
 */
public record Invitation(long id, long proposalId, int slot, int attempt, String expert, Long drawId, String pickReason,
                         Status status, Instant invitedAt, Instant expiresAt, Instant respondedAt, String note,
                         Instant noConflictDeclaredAt, Instant reviewDueAt, Instant remindedAt, Instant escalatedAt) {

    public enum Status {
        /** Drawn or assigned, not sent yet. */
        PENDING,
        /** Sent; waiting for the expert's answer until it expires. */
        INVITED,
        /** Accepted after declaring no conflict; the review is due. */
        ACCEPTED,
        DECLINED,
        /** The expert declared a conflict of interest. */
        CONFLICT,
        EXPIRED,
        SUBMITTED,
        /** Not reviewed in time; the slot went to a replacement. */
        OVERDUE,
        /** The manager dropped the slot or the proposal left review. */
        CANCELLED;

        /** Counts against the expert's load in the call. */
        public boolean holdsLoad() {
            return this == PENDING || this == INVITED || this == ACCEPTED || this == SUBMITTED;
        }
    }
}

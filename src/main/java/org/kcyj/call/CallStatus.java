package org.kcyj.call;

/**
 * Where a call stands: DRAFT → (COLLECTING while demands are collected) → PENDING_APPROVAL (guide with
 * the director) → ANNOUNCED (guide published, window not yet open) → OPEN → CLOSED. A returned guide
 * brings the call back to DRAFT.
 */
public enum CallStatus {
    DRAFT, COLLECTING, PENDING_APPROVAL, ANNOUNCED, OPEN, CLOSED;

    /** The call's configuration, topics and demand decisions may still change. */
    public boolean isEditable() {
        return this == DRAFT || this == COLLECTING;
    }

    /** The guide has been published: anyone may read the call, its topics and its guide. */
    public boolean isPublished() {
        return this == ANNOUNCED || this == OPEN || this == CLOSED;
    }
}

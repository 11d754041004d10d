package org.kcyj.call;

import java.time.Instant;
import java.util.List;

/**
 * The guide text of a call (introduction, eligibility notes, contacts) as last submitted for approval,
 * the director's decisions on it, and the document it was published as.
 */
public record Guide(long callId, String intro, String eligibility, String contacts, String submittedBy,
                    Instant submittedAt, String approvedBy, Instant approvedAt, String documentNumber,
                    Instant publishedAt, List<Decision> decisions) {

    /** One decision of the director: APPROVE or RETURN, with the reason for a return. */
    public record Decision(String decision, String comment, String decidedBy, Instant decidedAt) {
    }
}

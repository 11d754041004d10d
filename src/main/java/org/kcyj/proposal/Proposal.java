package org.kcyj.proposal;

import java.math.BigDecimal;
import java.time.Instant;

/**
 * A proposal; once funded it is the project and keeps its number. The full application form is
 * kept as its content (see {@link ProposalService#content}); these are the fields every stage reads.
 *
 * @param correctionDeadline the resubmission deadline after a return for correction, if returned
 * @param extendedUntil      one applicant's extended deadline granted by a manager, if any
 * @param formalReturns      how often the formal check returned it (at most once)
 */
public record Proposal(long id, String number, long callId, String applicant, long unitId, String unitName,
                       String title, String summary, String piName, BigDecimal requestedBudget,
                       ProposalStatus status, int submissionCount, Instant submittedAt, Instant createdAt,
                       Instant correctionDeadline, Long topicId, String track, Instant extendedUntil,
                       int formalReturns) {

    /** The same proposal showing another status (what a reviewer may know of it). */
    Proposal withStatus(ProposalStatus shown) {
        return new Proposal(id, number, callId, applicant, unitId, unitName, title, summary, piName, requestedBudget,
                shown, submissionCount, submittedAt, createdAt, null, topicId, track, null, formalReturns);
    }
}

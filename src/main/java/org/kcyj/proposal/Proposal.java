package org.kcyj.proposal;

import java.math.BigDecimal;
import java.time.Instant;

/** A proposal; once funded it is the project and keeps its number. */
public record Proposal(long id, String number, long callId, String applicant, long unitId, String unitName,
                       String title, String summary, String piName, BigDecimal requestedBudget,
                       ProposalStatus status, int submissionCount, Instant submittedAt, Instant createdAt,
                       Instant correctionDeadline) {
}

package org.kcyj.call;

/** Which call a proposal belongs to, provided by the proposal stage (keeps this stage free of its tables). */
public interface ProposalDeadlines {
    long callOf(long proposalId);

    /** The deadline of a proposal returned for correction, if it was returned. */
    java.util.Optional<java.time.Instant> correctionDeadline(long proposalId);
}

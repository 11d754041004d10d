package org.kcyj.proposal;

/** Where a proposal (and later the project it becomes) stands in the lifecycle. */
public enum ProposalStatus {
    DRAFT, SUBMITTED, RETURNED, ENDORSED, CORRECTION, REJECTED, VETOED, WITHDRAWN, LAPSED, UNDER_REVIEW, REVIEWED,
    RECOMMENDED, NOT_FUNDED, DECLINED, IN_PUBLICITY, FUNDED, CONTRACTED, ACCEPTANCE_APPLIED, CLOSED
}

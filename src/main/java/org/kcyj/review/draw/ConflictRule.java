package org.kcyj.review.draw;

/** The recusal (回避) rules of rules.md "Peer review". */
public enum ConflictRule {
    /** The expert's unit is the lead unit, a partner unit or the PI's unit. */
    SAME_ENTITY,
    /** Co-author or collaborator of the PI, a team member or the lead unit within the window. */
    CO_AUTHOR_OR_COLLABORATOR,
    /** Advisor or student of the PI or a team member (any year by default). */
    ADVISOR_STUDENT,
    /** A declared near relative is the PI or a team member. */
    RELATIVE,
    /** The applicant named the expert as not to review. */
    APPLICANT_EXCLUSION,
    /** The expert has a proposal of their own in the same call. */
    OWN_PROPOSAL_IN_CALL
}

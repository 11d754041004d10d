package org.kcyj.review.draw;

/** The recusal (回避) rules of docs/programme-rules.md, "Peer review". */
public enum ConflictRule {
    /** The expert's unit is the lead unit, a partner unit or the PI's unit. */
    SAME_ENTITY("同一法人单位"),
    /** Co-author or collaborator of the PI, a team member or the lead unit within the window. */
    CO_AUTHOR_OR_COLLABORATOR("近年合作或合著"),
    /** Advisor or student of the PI or a team member (any year by default). */
    ADVISOR_STUDENT("师生关系"),
    /** A declared near relative is the PI or a team member. */
    RELATIVE("近亲属"),
    /** The applicant named the expert as not to review. */
    APPLICANT_EXCLUSION("申请人要求回避"),
    /** The expert has a proposal of their own in the same call. */
    OWN_PROPOSAL_IN_CALL("本人同批次申报");

    private final String label;

    ConflictRule(String label) {
        this.label = label;
    }

    /** The rule's name in Chinese, as managers and experts read it. */
    public String label() {
        return label;
    }
}

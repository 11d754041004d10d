package org.kcyj.review;

/** How an expert declares to be related to a person or unit through work. */
public enum CollaborationKind {
    /** Co-authored a paper, patent or book with the counterpart. */
    CO_AUTHOR("合著"),
    /** Worked on a joint project with the counterpart. */
    COLLABORATOR("合作"),
    /** The counterpart is or was the expert's advisor (导师). */
    ADVISOR("导师"),
    /** The counterpart is or was the expert's student. */
    STUDENT("学生");

    private final String label;

    CollaborationKind(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }

    public boolean isAdvisorOrStudent() {
        return this == ADVISOR || this == STUDENT;
    }
}

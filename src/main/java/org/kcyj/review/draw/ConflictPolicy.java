package org.kcyj.review.draw;

/**
 * Parameters of the recusal rules.
 *
 * @param collaborationWindowYears co-authors and collaborators conflict when the relation's year is at most
 *                                 this many years before today's year (docs/programme-rules.md, "Peer review": 3, a parameter)
 * @param advisorStudentAnyYear    advisor/student relations conflict whatever their year; when false they
 *                                 follow the collaboration window
 */
public record ConflictPolicy(int collaborationWindowYears, boolean advisorStudentAnyYear) {

    public static final int DEFAULT_COLLABORATION_WINDOW_YEARS = 3;

    public ConflictPolicy {
        if (collaborationWindowYears < 0) {
            throw new IllegalArgumentException("collaborationWindowYears must be >= 0: " + collaborationWindowYears);
        }
    }

    public static ConflictPolicy defaults() {
        return new ConflictPolicy(DEFAULT_COLLABORATION_WINDOW_YEARS, true);
    }
}

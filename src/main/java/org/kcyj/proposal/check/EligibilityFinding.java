package org.kcyj.proposal.check;

import java.util.Objects;

/**
 * One row of the eligibility decision that matched a proposal.
 *
 * <p>The text is the message {@code eligibility.<ruleCode>} ({@link #messageCode()}) in
 * messages-eligibility*.properties. Callers pass the same six arguments for every rule; each message uses
 * the ones it needs:
 * <ol start="0">
 *   <li>{@code {0}} piAge, the PI's completed years on the deadline date</li>
 *   <li>{@code {1}} the age limit that applies to the PI (the women's limit for a woman)</li>
 *   <li>{@code {2}} piActiveProjects</li>
 *   <li>{@code {3}} maxActiveProjects</li>
 *   <li>{@code {4}} requestedBudget, 万元</li>
 *   <li>{@code {5}} topicMaxBudget, 万元 (null when the topic sets no cap)</li>
 * </ol>
 *
 * @param ruleCode YOUTH_AGE, ACTIVE_PROJECT_CAP, LEAD_UNIT_INVALID, LEAD_UNIT_NOT_LOCAL, OVER_TOPIC_BUDGET,
 *                 BUDGET_NEAR_CAP or PLEDGE_MISSING (the table may gain rows; each needs its message)
 * @param severity {@link #BLOCK} (the proposal fails the formal check) or {@link #WARN} (the manager looks)
 */
public record EligibilityFinding(String ruleCode, String severity) {

    public static final String BLOCK = "BLOCK";
    public static final String WARN = "WARN";
    public static final String MESSAGE_PREFIX = "eligibility.";

    public EligibilityFinding {
        Objects.requireNonNull(ruleCode, "ruleCode");
        if (!BLOCK.equals(severity) && !WARN.equals(severity)) {
            throw new IllegalArgumentException("severity must be BLOCK or WARN, was " + severity);
        }
    }

    /** Whether this finding alone makes the proposal ineligible. */
    public boolean blocks() {
        return BLOCK.equals(severity);
    }

    /** The message key of this rule's text. */
    public String messageCode() {
        return MESSAGE_PREFIX + ruleCode;
    }
}

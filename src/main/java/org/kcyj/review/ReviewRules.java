package org.kcyj.review;

import java.math.BigDecimal;
import java.util.Arrays;
import java.util.List;

import org.kcyj.programme.ProgrammeParameters;
import org.kcyj.review.draw.ConflictPolicy;
import org.kcyj.review.draw.DrawRules;

/**
 * The peer-review rules of one programme, read from its parameters at the moment they apply.
 *
 * @param perProposal     N written reviews per proposal
 * @param maxPerExpert    M proposals at most per expert and call
 * @param minInternational K international experts per proposal
 */
record ReviewRules(int perProposal, int maxPerExpert, int minInternational, int collaborationYears,
                          int invitationDays, int reviewDays, int reminderDays, int graceDays,
                          List<Criterion> criteria, int opinionMinLength, int trimFrom, BigDecimal spreadFlag,
                          boolean panelRequired, int panelSize, int panelEndorsements) {

    /** One weighted criterion: its name and the points it carries out of 100. */
    public record Criterion(String name, int weight) {
    }

    public static ReviewRules of(ProgrammeParameters parameters, long programmeId) {
        return new ReviewRules(
                parameters.integer(programmeId, ProgrammeParameters.REVIEW_MIN_REVIEWERS),
                parameters.integer(programmeId, ProgrammeParameters.REVIEW_MAX_PER_EXPERT),
                parameters.integer(programmeId, ProgrammeParameters.REVIEW_MIN_INTERNATIONAL),
                parameters.integer(programmeId, ProgrammeParameters.REVIEW_COLLABORATION_YEARS),
                parameters.integer(programmeId, ProgrammeParameters.REVIEW_INVITATION_DAYS),
                parameters.integer(programmeId, ProgrammeParameters.REVIEW_DAYS),
                parameters.integer(programmeId, ProgrammeParameters.REVIEW_REMINDER_DAYS),
                parameters.integer(programmeId, ProgrammeParameters.REVIEW_OVERDUE_GRACE_DAYS),
                criteria(parameters.value(programmeId, ProgrammeParameters.REVIEW_CRITERIA)),
                parameters.integer(programmeId, ProgrammeParameters.REVIEW_OPINION_MIN_LENGTH),
                parameters.integer(programmeId, ProgrammeParameters.REVIEW_TRIM_FROM),
                parameters.decimal(programmeId, ProgrammeParameters.REVIEW_SPREAD_FLAG),
                parameters.flag(programmeId, ProgrammeParameters.PANEL_REQUIRED),
                parameters.integer(programmeId, ProgrammeParameters.PANEL_SIZE),
                parameters.integer(programmeId, ProgrammeParameters.PANEL_ENDORSEMENTS));
    }

    /** {@code 创新性:30,可行性:25,...} as criteria (the parameter checked the format when it was set). */
    static List<Criterion> criteria(String value) {
        return Arrays.stream(value.split(",")).map(part -> {
            int colon = part.lastIndexOf(':');
            return new Criterion(part.substring(0, colon).strip(), Integer.parseInt(part.substring(colon + 1).strip()));
        }).toList();
    }

    public DrawRules drawRules() {
        return new DrawRules(perProposal, maxPerExpert, Math.min(minInternational, perProposal));
    }

    public ConflictPolicy conflictPolicy() {
        return new ConflictPolicy(collaborationYears, true);
    }
}

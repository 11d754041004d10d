package org.kcyj.review.draw;

import java.util.List;
import java.util.Objects;

/**
 * What conflict checks need to know about a proposal. The limit on how many experts an applicant may
 * exclude (docs/programme-rules.md, "Applications": up to 3, a parameter) is checked when the proposal is submitted, not here.
 */
public record Application(String proposalNumber, String callId, String leadUnitCreditCode,
                          List<String> partnerUnitCreditCodes, Person principalInvestigator,
                          List<String> teamMemberNames, List<ExclusionRequest> exclusions) {

    public Application {
        Objects.requireNonNull(proposalNumber, "proposalNumber");
        Objects.requireNonNull(callId, "callId");
        Objects.requireNonNull(leadUnitCreditCode, "leadUnitCreditCode");
        Objects.requireNonNull(principalInvestigator, "principalInvestigator");
        partnerUnitCreditCodes = Expert.copy(partnerUnitCreditCodes);
        teamMemberNames = Expert.copy(teamMemberNames);
        exclusions = Expert.copy(exclusions);
    }
}

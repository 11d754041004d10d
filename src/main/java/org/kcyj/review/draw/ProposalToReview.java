package org.kcyj.review.draw;

import java.util.Objects;

/** A proposal waiting for reviewers: its number, its discipline code (学科代码) and its conflict facts. */
public record ProposalToReview(String proposalNumber, String disciplineCode, Application application) {

    public ProposalToReview {
        Objects.requireNonNull(proposalNumber, "proposalNumber");
        Objects.requireNonNull(disciplineCode, "disciplineCode");
        Objects.requireNonNull(application, "application");
        if (!Names.sameCode(proposalNumber, application.proposalNumber())) {
            throw new IllegalArgumentException("proposal number " + proposalNumber
                    + " differs from the application's " + application.proposalNumber());
        }
    }
}

package org.kcyj.review.draw;

import java.util.Objects;

/** A proposal the expert submitted (as PI or team member) in a call. */
public record OwnProposal(String proposalNumber, String callId) {

    public OwnProposal {
        Objects.requireNonNull(proposalNumber, "proposalNumber");
        Objects.requireNonNull(callId, "callId");
    }
}

package org.kcyj.review.draw;

import java.util.Objects;

/** An expert the applicant asked not to review the proposal, by name, with the applicant's reason. */
public record ExclusionRequest(String expertName, String reason) {

    public ExclusionRequest {
        Objects.requireNonNull(expertName, "expertName");
        reason = reason == null ? "" : reason;
    }
}

package org.kcyj.review.draw;

import java.util.Objects;

/** One reason an expert must not review a proposal, with the fact behind it as a sentence in Chinese. */
public record Conflict(ConflictRule rule, String evidence) {

    public Conflict {
        Objects.requireNonNull(rule, "rule");
        Objects.requireNonNull(evidence, "evidence");
    }
}

package org.kcyj.review.draw;

import java.util.List;

/** The experts drawn for one proposal, in draw order; fewer than N when the proposal has a shortfall. */
public record Assignment(String proposalNumber, String disciplineCode, List<Pick> picks) {

    public Assignment {
        picks = List.copyOf(picks);
    }

    public List<String> expertIds() {
        return picks.stream().map(Pick::expertId).toList();
    }
}

package org.kcyj.review.draw;

import java.util.List;
import java.util.Optional;

/**
 * The outcome of a draw: one assignment per proposal (in proposal-number order), the proposals not fully
 * staffed (same order), and the seed that reproduces it.
 */
public record DrawResult(long seed, List<Assignment> assignments, List<Shortfall> shortfalls) {

    public DrawResult {
        assignments = List.copyOf(assignments);
        shortfalls = List.copyOf(shortfalls);
    }

    public Optional<Assignment> assignment(String proposalNumber) {
        return assignments.stream().filter(a -> a.proposalNumber().equals(proposalNumber)).findFirst();
    }

    public Optional<Shortfall> shortfall(String proposalNumber) {
        return shortfalls.stream().filter(s -> s.proposalNumber().equals(proposalNumber)).findFirst();
    }

    public boolean fullyStaffed(String proposalNumber) {
        return assignment(proposalNumber).isPresent() && shortfall(proposalNumber).isEmpty();
    }
}

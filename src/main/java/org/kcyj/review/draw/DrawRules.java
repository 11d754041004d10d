package org.kcyj.review.draw;

/**
 * Parameters of a draw.
 *
 * @param expertsPerProposal       N, at least 3 (docs/programme-rules.md, "Peer review": 3 or more; 5 for major projects)
 * @param maxProposalsPerExpert    M, the most proposals one expert is drawn for in this draw
 * @param minInternationalPerProposal K, international experts each proposal needs, at most N
 */
public record DrawRules(int expertsPerProposal, int maxProposalsPerExpert, int minInternationalPerProposal) {

    public static final int MINIMUM_EXPERTS = 3;
    public static final int MAJOR_PROJECT_EXPERTS = 5;

    public DrawRules {
        if (expertsPerProposal < MINIMUM_EXPERTS) {
            throw new IllegalArgumentException("expertsPerProposal must be >= " + MINIMUM_EXPERTS);
        }
        if (maxProposalsPerExpert < 1) {
            throw new IllegalArgumentException("maxProposalsPerExpert must be >= 1");
        }
        if (minInternationalPerProposal < 0 || minInternationalPerProposal > expertsPerProposal) {
            throw new IllegalArgumentException("minInternationalPerProposal must be between 0 and expertsPerProposal");
        }
    }

    /**
     * An expert's discipline code qualifies for a proposal's when one is a prefix of the other,
     * e.g. "430" and "43015". Blank codes never match.
     */
    public static boolean disciplineMatches(String expertCode, String proposalCode) {
        String e = Names.code(expertCode);
        String p = Names.code(proposalCode);
        return !e.isEmpty() && !p.isEmpty() && (e.startsWith(p) || p.startsWith(e));
    }
}

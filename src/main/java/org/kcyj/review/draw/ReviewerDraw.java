package org.kcyj.review.draw;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SplittableRandom;

/**
 * Draws reviewers at random, reproducibly: the same inputs and seed give the same result, whatever the
 * order of the input lists (proposals are sorted by number and experts by id before anything random).
 *
 * <p>Algorithm: (1) for each proposal, list the eligible experts — available, discipline matching
 * ({@link DrawRules#disciplineMatches}), no {@link ConflictRules conflict}; (2) staff proposals with the
 * fewest eligible experts first (ties by number); (3) shuffle that proposal's eligible experts with one
 * {@link SplittableRandom} seeded once per draw; (4) walk the shuffled list taking international experts
 * below the load limit M until K are drawn, then walk it again taking anyone below M until N are drawn;
 * (5) report a shortfall when fewer than N, or fewer than K international, were drawn.
 *
 * <p>This is a greedy draw, not an optimal assignment: a shortfall for lack of eligible experts is exact,
 * but a load-limit shortfall may exist that another assignment of the same pool would have avoided.
 */
public final class ReviewerDraw {

    private final ConflictRules conflictRules;
    private final Waivers waivers;

    public ReviewerDraw() {
        this(new ConflictRules());
    }

    public ReviewerDraw(ConflictRules conflictRules) {
        this(conflictRules, Waivers.NONE);
    }

    public ReviewerDraw(ConflictRules conflictRules, Waivers waivers) {
        this.conflictRules = Objects.requireNonNull(conflictRules, "conflictRules");
        this.waivers = Objects.requireNonNull(waivers, "waivers");
    }

    /**
     * One expert for one open slot of a proposal: someone eligible (as in {@link #draw}), not in
     * {@code excluded} (already invited to it, whatever they answered) and below the load limit; an
     * international expert first when {@code preferInternational}. Reproducible from the seed.
     */
    public Optional<Pick> replacement(ProposalToReview proposal, List<Expert> pool, Set<String> excluded,
                                      Map<String, Integer> load, int maxLoad, boolean preferInternational, long seed,
                                      ConflictPolicy policy, LocalDate today) {
        List<Candidate> candidates = new ArrayList<>(eligibleFor(proposal,
                sortedUnique(pool, Expert::id, "expert"), policy, today));
        candidates.removeIf(c -> excluded.contains(c.expert().id()) || load.getOrDefault(c.expert().id(), 0) >= maxLoad);
        shuffle(candidates, new SplittableRandom(seed));
        Optional<Candidate> chosen = preferInternational
                ? candidates.stream().filter(c -> c.expert().international()).findFirst()
                : Optional.empty();
        return chosen.or(() -> candidates.stream().findFirst())
                .map(c -> pick(proposal, c, preferInternational && c.expert().international(), new HashMap<>(),
                        new HashSet<>()));
    }

    public DrawResult draw(List<ProposalToReview> proposals, List<Expert> pool, DrawRules rules, long seed,
                           ConflictPolicy policy, LocalDate today) {
        return draw(proposals, pool, rules, seed, policy, today, Map.of());
    }

    /**
     * As above, counting towards the load limit M the proposals each expert already holds in the call
     * ({@code heldLoad}, by expert id), e.g. from an earlier draw or an assignment by hand.
     */
    public DrawResult draw(List<ProposalToReview> proposals, List<Expert> pool, DrawRules rules, long seed,
                           ConflictPolicy policy, LocalDate today, Map<String, Integer> heldLoad) {
        Objects.requireNonNull(rules, "rules");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(today, "today");
        List<ProposalToReview> byNumber = sortedUnique(proposals, ProposalToReview::proposalNumber, "proposal");
        List<Expert> byId = sortedUnique(pool, Expert::id, "expert");

        Map<String, List<Candidate>> eligible = new HashMap<>();
        for (ProposalToReview p : byNumber) {
            eligible.put(p.proposalNumber(), eligibleFor(p, byId, policy, today));
        }
        List<ProposalToReview> order = new ArrayList<>(byNumber);
        order.sort(Comparator.comparingInt((ProposalToReview p) -> eligible.get(p.proposalNumber()).size())
                .thenComparing(ProposalToReview::proposalNumber));

        SplittableRandom random = new SplittableRandom(seed);
        Map<String, Integer> load = new HashMap<>(heldLoad);
        Map<String, List<Pick>> picksByProposal = new HashMap<>();
        for (ProposalToReview p : order) {
            List<Candidate> shuffled = new ArrayList<>(eligible.get(p.proposalNumber()));
            shuffle(shuffled, random);
            picksByProposal.put(p.proposalNumber(), staff(p, shuffled, rules, load));
        }

        List<Assignment> assignments = new ArrayList<>();
        List<Shortfall> shortfalls = new ArrayList<>();
        for (ProposalToReview p : byNumber) {
            List<Pick> picks = picksByProposal.get(p.proposalNumber());
            assignments.add(new Assignment(p.proposalNumber(), p.disciplineCode(), picks));
            Shortfall shortfall = shortfall(p, picks, eligible.get(p.proposalNumber()), rules);
            if (shortfall != null) {
                shortfalls.add(shortfall);
            }
        }
        return new DrawResult(seed, assignments, shortfalls);
    }

    private record Candidate(Expert expert, String matchedCode) {
    }

    private List<Candidate> eligibleFor(ProposalToReview p, List<Expert> experts, ConflictPolicy policy,
                                        LocalDate today) {
        List<Candidate> result = new ArrayList<>();
        for (Expert e : experts) {
            if (!e.available()) {
                continue;
            }
            String matched = e.disciplineCodes().stream()
                    .filter(code -> DrawRules.disciplineMatches(code, p.disciplineCode()))
                    .findFirst().orElse(null);
            if (matched != null && conflictRules.conflicts(e, p.application(), policy, today).stream()
                    .allMatch(c -> waivers.waived(e.id(), p.proposalNumber(), c.rule()))) {
                result.add(new Candidate(e, matched));
            }
        }
        return result;
    }

    private static List<Pick> staff(ProposalToReview p, List<Candidate> shuffled, DrawRules rules,
                                    Map<String, Integer> load) {
        int n = rules.expertsPerProposal();
        int m = rules.maxProposalsPerExpert();
        int k = rules.minInternationalPerProposal();
        List<Pick> picks = new ArrayList<>();
        Set<String> taken = new HashSet<>();
        int international = 0;
        for (Candidate c : shuffled) {
            if (international >= k) {
                break;
            }
            if (c.expert().international() && load.getOrDefault(c.expert().id(), 0) < m) {
                picks.add(pick(p, c, true, load, taken));
                international++;
            }
        }
        for (Candidate c : shuffled) {
            if (picks.size() >= n) {
                break;
            }
            if (!taken.contains(c.expert().id()) && load.getOrDefault(c.expert().id(), 0) < m) {
                picks.add(pick(p, c, false, load, taken));
            }
        }
        return picks;
    }

    private static Pick pick(ProposalToReview p, Candidate c, boolean quota, Map<String, Integer> load,
                             Set<String> taken) {
        Expert e = c.expert();
        load.merge(e.id(), 1, Integer::sum);
        taken.add(e.id());
        String reason = "学科代码 " + c.matchedCode() + " 与项目学科代码 " + p.disciplineCode() + " 匹配；在库可用；无回避情形；"
                + (quota ? "国际专家，按国际专家名额抽取" : e.international() ? "国际专家，随机抽取" : "随机抽取");
        return new Pick(e.id(), c.matchedCode(), e.international(), quota, reason);
    }

    private static Shortfall shortfall(ProposalToReview p, List<Pick> picks, List<Candidate> eligible,
                                       DrawRules rules) {
        int n = rules.expertsPerProposal();
        int k = rules.minInternationalPerProposal();
        int drawnInternational = (int) picks.stream().filter(Pick::international).count();
        int eligibleInternational = (int) eligible.stream().filter(c -> c.expert().international()).count();
        int m = rules.maxProposalsPerExpert();
        Set<ShortfallReason> reasons = new LinkedHashSet<>();
        List<String> sentences = new ArrayList<>();
        if (picks.size() < n) {
            String sentence = "需要 " + n + " 名专家，仅抽到 " + picks.size() + " 名：";
            if (eligible.size() < n) {
                reasons.add(ShortfallReason.NOT_ENOUGH_ELIGIBLE_EXPERTS);
                sentence += "可用、学科匹配且无回避情形的专家仅 " + eligible.size() + " 名";
            } else {
                sentence += "符合条件的专家有 " + eligible.size() + " 名";
            }
            if (picks.size() < eligible.size()) {
                reasons.add(ShortfallReason.LOAD_LIMIT_REACHED);
                sentence += "，其余已达每人 " + m + " 个项目的上限";
            }
            sentences.add(sentence);
        }
        if (drawnInternational < k) {
            String sentence = "需要至少 " + k + " 名国际专家，仅抽到 " + drawnInternational + " 名：";
            if (eligibleInternational < k) {
                reasons.add(ShortfallReason.NOT_ENOUGH_INTERNATIONAL_EXPERTS);
                sentence += "符合条件的国际专家仅 " + eligibleInternational + " 名";
            } else {
                sentence += "符合条件的国际专家有 " + eligibleInternational + " 名";
            }
            if (drawnInternational < eligibleInternational) {
                reasons.add(ShortfallReason.LOAD_LIMIT_REACHED);
                sentence += "，其余已达每人 " + m + " 个项目的上限";
            }
            sentences.add(sentence);
        }
        if (reasons.isEmpty()) {
            return null;
        }
        return new Shortfall(p.proposalNumber(), List.copyOf(reasons), picks.size(), drawnInternational, eligible.size(),
                eligibleInternational, String.join("；", sentences));
    }

    /** Fisher-Yates with the draw's own generator. */
    private static <T> void shuffle(List<T> list, SplittableRandom random) {
        for (int i = list.size() - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            T t = list.get(i);
            list.set(i, list.get(j));
            list.set(j, t);
        }
    }

    private static <T> List<T> sortedUnique(List<T> items, java.util.function.Function<T, String> key, String what) {
        Objects.requireNonNull(items, what + "s");
        List<T> sorted = new ArrayList<>(items);
        sorted.sort(Comparator.comparing(key));
        for (int i = 1; i < sorted.size(); i++) {
            if (key.apply(sorted.get(i)).equals(key.apply(sorted.get(i - 1)))) {
                throw new IllegalArgumentException("duplicate " + what + ": " + key.apply(sorted.get(i)));
            }
        }
        return List.copyOf(sorted);
    }
}

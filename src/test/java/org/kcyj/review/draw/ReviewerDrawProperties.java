package org.kcyj.review.draw;

import org.kcyj.review.DeclaredRelative;
import org.kcyj.review.DeclaredCollaboration;
import org.kcyj.review.CollaborationKind;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.RandomDistribution;
import net.jqwik.api.Tuple;
import net.jqwik.api.statistics.Statistics;

/**
 * Properties of the draw over generated pools (0-80 experts) and proposals (1-40), with disciplines from a
 * small set, random international and availability flags, and conflicts arising from a small set of names,
 * units and calls. Each property runs 1,000 tries (jqwik's default), except the reproducibility one (500).
 * Eligibility and conflicts are checked here independently of the draw's own bookkeeping.
 */
class ReviewerDrawProperties {

    static final LocalDate TODAY = LocalDate.of(2025, 6, 30);
    static final ConflictPolicy POLICY = ConflictPolicy.defaults();
    static final List<String> DISCIPLINES = List.of("410", "41005", "430", "43015", "43020", "520", "52010");
    static final List<String> NAMES = List.of("张伟", "王芳", "李娜", "刘洋", "陈静", "杨磊", "赵强", "黄敏", "周杰",
            "吴婷", "徐明", "孙丽", "马超", "朱琳", "胡斌", "郭颖", "何军", "高峰", "林涛", "罗红", "Li Wei", "Anna Müller",
            "John Smith", "Maria Rossi");
    // applications use the first six units; experts also come from the other six or have none
    static final List<String> UNITS = List.of("91330201MA2A00001A", "91330201MA2A00002B", "91330206MA2B00003C",
            "12330200MB0C00004D", "91110000MA0D00005E", "91310000MA1E00006F", "91330203MA2F00007G",
            "91330211MA2G00008H", "91440300MA5H00009J", "12100000MB1J00010K", "91320000MA1K00011L",
            "91330100MA2L00012M");
    static final List<String> CALLS = List.of("CALL-2025-A", "CALL-2025-B");

    private final ConflictRules conflictRules = new ConflictRules();
    private final ReviewerDraw draw = new ReviewerDraw();

    record World(List<ProposalToReview> proposals, List<Expert> experts, DrawRules rules) {
    }

    private DrawResult run(World w, long seed) {
        return draw.draw(w.proposals(), w.experts(), w.rules(), seed, POLICY, TODAY);
    }

    // (a) every drawn expert is available, on-discipline and free of conflicts with that proposal
    @Property
    void drawnExpertsAreEligible(@ForAll("worlds") World w, @ForAll long seed) {
        DrawResult result = run(w, seed);
        Map<String, Expert> experts = byId(w);
        Map<String, ProposalToReview> proposals = byNumber(w);
        ProposalToReview first = w.proposals().get(0);
        long conflicted = w.experts().stream()
                .filter(e -> !conflictRules.conflicts(e, first.application(), POLICY, TODAY).isEmpty()).count();
        Statistics.label("share of the pool conflicted with the first proposal").collect(w.experts().isEmpty() ? "no pool"
                : conflicted == 0 ? "none" : conflicted * 2 < w.experts().size() ? "under half" : "half or more");
        for (Assignment a : result.assignments()) {
            ProposalToReview p = proposals.get(a.proposalNumber());
            for (Pick pick : a.picks()) {
                Expert e = experts.get(pick.expertId());
                assertThat(e.available()).as("available %s", e.id()).isTrue();
                assertThat(onDiscipline(e, p)).as("discipline of %s for %s", e.id(), p.proposalNumber()).isTrue();
                assertThat(conflictRules.conflicts(e, p.application(), POLICY, TODAY)).as("conflicts").isEmpty();
                assertThat(pick.international()).isEqualTo(e.international());
            }
        }
    }

    // (b) no expert is drawn for more than M proposals
    @Property
    void noExpertExceedsTheLoadLimit(@ForAll("worlds") World w, @ForAll long seed) {
        Map<String, Integer> load = loads(run(w, seed));
        Statistics.label("busiest expert at M").collect(load.containsValue(w.rules().maxProposalsPerExpert()));
        assertThat(load.values()).allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(w.rules().maxProposalsPerExpert()));
    }

    // (c) + (e) every proposal is fully staffed (exactly N distinct experts, at least K international) or
    // reported with a reason; a reported proposal really is short
    @Property
    void everyProposalIsFullyStaffedOrReported(@ForAll("worlds") World w, @ForAll long seed) {
        DrawResult result = run(w, seed);
        int n = w.rules().expertsPerProposal();
        int k = w.rules().minInternationalPerProposal();
        assertThat(result.assignments()).extracting(Assignment::proposalNumber)
                .containsExactlyInAnyOrderElementsOf(byNumber(w).keySet());
        int staffed = w.proposals().size() - result.shortfalls().size();
        Statistics.label("fully staffed proposals").collect(staffed == 0 ? "0" : staffed < 5 ? "1-4" : "5+");
        for (Assignment a : result.assignments()) {
            List<String> ids = a.expertIds();
            assertThat(ids).doesNotHaveDuplicates().hasSizeLessThanOrEqualTo(n);
            long international = a.picks().stream().filter(Pick::international).count();
            if (result.shortfall(a.proposalNumber()).isEmpty()) {
                assertThat(ids).hasSize(n);
                assertThat(international).isGreaterThanOrEqualTo(k);
            } else {
                Shortfall s = result.shortfall(a.proposalNumber()).orElseThrow();
                assertThat(s.reasons()).isNotEmpty();
                assertThat(s.explanation()).isNotBlank();
                assertThat(ids.size() < n || international < k).isTrue();
            }
        }
    }

    // (d) the same seed gives the same result, whatever the order of the inputs (three draws a try: 500 tries)
    @Property(tries = 500)
    void theSameSeedReproducesInAnyInputOrder(@ForAll("worlds") World w, @ForAll long seed,
                                              @ForAll long shuffleSeed) {
        DrawResult first = run(w, seed);
        List<ProposalToReview> proposals = new ArrayList<>(w.proposals());
        List<Expert> experts = new ArrayList<>(w.experts());
        Random shuffler = new Random(shuffleSeed);
        Collections.shuffle(proposals, shuffler);
        Collections.shuffle(experts, shuffler);

        assertThat(run(w, seed)).isEqualTo(first);
        assertThat(run(new World(proposals, experts, w.rules()), seed)).isEqualTo(first);
    }

    // (f) shortfall reasons are true: "not enough eligible" means fewer than N eligible experts existed,
    // "not enough international" fewer than K, and "load limit" that an undrawn eligible expert sits at M;
    // an eligible expert left undrawn is always explained by the load limit.
    // A sanity check of the reasons, not a proof that no better assignment exists.
    @Property
    void shortfallReasonsAreTrue(@ForAll("worlds") World w, @ForAll long seed) {
        DrawResult result = run(w, seed);
        Map<String, Integer> load = loads(result);
        Map<String, ProposalToReview> proposals = byNumber(w);
        for (Shortfall s : result.shortfalls()) {
            ProposalToReview p = proposals.get(s.proposalNumber());
            List<Expert> eligible = w.experts().stream().filter(e -> e.available() && onDiscipline(e, p)
                    && conflictRules.conflicts(e, p.application(), POLICY, TODAY).isEmpty()).toList();
            long eligibleInternational = eligible.stream().filter(Expert::international).count();
            Set<String> drawn = new HashSet<>(result.assignment(p.proposalNumber()).orElseThrow().expertIds());
            Statistics.label("reason").collect(s.reasons());
            if (s.reasons().contains(ShortfallReason.NOT_ENOUGH_ELIGIBLE_EXPERTS)) {
                assertThat(eligible.size()).isLessThan(w.rules().expertsPerProposal());
                assertThat(drawn.size() == eligible.size()
                        || s.reasons().contains(ShortfallReason.LOAD_LIMIT_REACHED)).isTrue();
            }
            if (s.reasons().contains(ShortfallReason.NOT_ENOUGH_INTERNATIONAL_EXPERTS)) {
                assertThat(eligibleInternational).isLessThan(w.rules().minInternationalPerProposal());
                long drawnInternational = drawn.stream().filter(id -> byId(w).get(id).international()).count();
                assertThat(drawnInternational == eligibleInternational
                        || s.reasons().contains(ShortfallReason.LOAD_LIMIT_REACHED)).isTrue();
            }
            if (s.reasons().contains(ShortfallReason.LOAD_LIMIT_REACHED)) {
                assertThat(eligible).anySatisfy(e -> {
                    assertThat(drawn).doesNotContain(e.id());
                    assertThat(load.get(e.id())).isEqualTo(w.rules().maxProposalsPerExpert());
                });
            }
        }
    }

    // independent re-statement of the discipline rule: one code is a prefix of the other
    private static boolean onDiscipline(Expert e, ProposalToReview p) {
        return e.disciplineCodes().stream().anyMatch(c -> !c.isEmpty()
                && (c.startsWith(p.disciplineCode()) || p.disciplineCode().startsWith(c)));
    }

    private static Map<String, Integer> loads(DrawResult result) {
        Map<String, Integer> load = new HashMap<>();
        result.assignments().forEach(a -> a.expertIds().forEach(id -> load.merge(id, 1, Integer::sum)));
        return load;
    }

    private static Map<String, Expert> byId(World w) {
        Map<String, Expert> map = new HashMap<>();
        w.experts().forEach(e -> map.put(e.id(), e));
        return map;
    }

    private static Map<String, ProposalToReview> byNumber(World w) {
        Map<String, ProposalToReview> map = new HashMap<>();
        w.proposals().forEach(p -> map.put(p.proposalNumber(), p));
        return map;
    }

    @Provide
    Arbitrary<World> worlds() {
        Arbitrary<List<ProposalToReview>> proposals = proposal().list().ofMinSize(1).ofMaxSize(40)
                .withSizeDistribution(RandomDistribution.uniform()).map(list -> {
            List<ProposalToReview> numbered = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                numbered.add(withNumber(list.get(i), number(i)));
            }
            return numbered;
        });
        Arbitrary<List<Expert>> experts = expert().list().ofMaxSize(80)
                .withSizeDistribution(RandomDistribution.uniform()).map(list -> {
            List<Expert> identified = new ArrayList<>();
            for (int i = 0; i < list.size(); i++) {
                Expert e = list.get(i);
                identified.add(new Expert(String.format("E%03d", i), e.name(), e.unitCreditCode(), e.disciplineCodes(),
                        e.international(), e.languages(), e.relatives(), e.collaborations(), e.ownProposals(),
                        e.available()));
            }
            return identified;
        });
        Arbitrary<DrawRules> rules = Combinators.combine(Arbitraries.integers().between(3, 5),
                Arbitraries.integers().between(1, 8), Arbitraries.integers().between(0, 2)).as(DrawRules::new);
        return Combinators.combine(proposals, experts, rules).as(World::new);
    }

    private static String number(int i) {
        return String.format("KCYJ2025-%04d", i);
    }

    private static ProposalToReview withNumber(ProposalToReview p, String number) {
        Application a = p.application();
        return new ProposalToReview(number, p.disciplineCode(), new Application(number, a.callId(),
                a.leadUnitCreditCode(), a.partnerUnitCreditCodes(), a.principalInvestigator(), a.teamMemberNames(),
                a.exclusions()));
    }

    private Arbitrary<ProposalToReview> proposal() {
        Arbitrary<String> name = Arbitraries.of(NAMES);
        Arbitrary<String> unit = Arbitraries.of(UNITS.subList(0, 6));
        Arbitrary<ExclusionRequest> exclusion = name.map(n -> new ExclusionRequest(n, "存在学术分歧"));
        return Combinators.combine(Arbitraries.of(DISCIPLINES), Arbitraries.of(CALLS), unit,
                unit.list().ofMaxSize(2), name, unit, name.list().ofMaxSize(3), exclusion.list().ofMaxSize(2))
                .as((discipline, call, lead, partners, pi, piUnit, team, exclusions) -> new ProposalToReview("TBD",
                        discipline, new Application("TBD", call, lead, partners, new Person(pi, piUnit), team,
                        exclusions)));
    }

    private Arbitrary<Expert> expert() {
        Arbitrary<String> name = Arbitraries.of(NAMES);
        Arbitrary<String> unit = Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.of(UNITS)),
                Tuple.of(1, Arbitraries.just("")));
        Arbitrary<DeclaredRelative> relative = name.map(n -> new DeclaredRelative(n, "配偶"));
        Arbitrary<DeclaredCollaboration> collaboration = Combinators.combine(
                Arbitraries.oneOf(Arbitraries.of(NAMES), Arbitraries.of(UNITS)),
                Arbitraries.of(CollaborationKind.class), Arbitraries.integers().between(2015, 2026))
                .as(DeclaredCollaboration::new);
        Arbitrary<OwnProposal> own = Combinators.combine(Arbitraries.integers().between(0, 39).map(
                ReviewerDrawProperties::number), Arbitraries.of(CALLS)).as(OwnProposal::new);
        Arbitrary<Boolean> international = Arbitraries.frequency(Tuple.of(4, true), Tuple.of(6, false));
        Arbitrary<Boolean> available = Arbitraries.frequency(Tuple.of(17, true), Tuple.of(3, false));
        return Combinators.combine(name, unit, Arbitraries.of(DISCIPLINES).list().ofMinSize(1).ofMaxSize(2),
                international, available, relative.list().ofMaxSize(1), collaboration.list().ofMaxSize(2),
                own.optional(0.2).map(o -> o.stream().toList()))
                .as((n, u, disciplines, intl, avail, relatives, collaborations, owns) -> new Expert("TBD", n, u,
                        disciplines, intl, List.of(), relatives, collaborations, owns, avail));
    }
}

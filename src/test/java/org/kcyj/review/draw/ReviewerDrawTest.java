package org.kcyj.review.draw;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

class ReviewerDrawTest {

    static final LocalDate TODAY = LocalDate.of(2025, 6, 30);
    private final ReviewerDraw draw = new ReviewerDraw();

    static ProposalToReview proposal(String number, String discipline) {
        return new ProposalToReview(number, discipline, new Application(number, "CALL-A", "LEAD-" + number, List.of(),
                new Person("PI-" + number, "LEAD-" + number), List.of(), List.of()));
    }

    static Expert expert(String id, String discipline, boolean international, boolean available) {
        return new Expert(id, "专家" + id, "UNIT-" + id, List.of(discipline), international, List.of(), List.of(),
                List.of(), List.of(), available);
    }

    private DrawResult run(List<ProposalToReview> proposals, List<Expert> pool, DrawRules rules, long seed) {
        return draw.draw(proposals, pool, rules, seed, ConflictPolicy.defaults(), TODAY);
    }

    @Test
    void staffsAProposalWithMatchingAvailableUnconflictedExpertsAndExplainsWhy() {
        List<Expert> pool = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            pool.add(expert("E" + i, "430", i == 0, true));
        }
        pool.add(expert("OFF", "520", true, true));
        pool.add(expert("AWAY", "430", true, false));
        pool.add(new Expert("SAME", "同单位", "LEAD-P1", List.of("43015"), true, List.of(), List.of(), List.of(),
                List.of(), true));

        DrawResult result = run(List.of(proposal("P1", "43015")), pool, new DrawRules(5, 3, 1), 42L);

        assertThat(result.seed()).isEqualTo(42L);
        assertThat(result.shortfalls()).isEmpty();
        List<Pick> picks = result.assignment("P1").orElseThrow().picks();
        assertThat(picks).hasSize(5).extracting(Pick::expertId).doesNotContain("OFF", "AWAY", "SAME").doesNotHaveDuplicates();
        // the only eligible international expert fills the quota, first in draw order
        assertThat(picks.get(0)).isEqualTo(new Pick("E0", "430", true, true,
                "学科代码 430 与项目学科代码 43015 匹配；在库可用；无回避情形；国际专家，按国际专家名额抽取"));
        assertThat(picks.get(1).reason()).isEqualTo("学科代码 430 与项目学科代码 43015 匹配；在库可用；无回避情形；随机抽取");
    }

    @Test
    void reportsTooFewEligibleExperts() {
        List<Expert> pool = List.of(expert("E1", "430", false, true), expert("E2", "43", false, true),
                expert("E3", "430", false, false));
        DrawResult result = run(List.of(proposal("P1", "430")), pool, new DrawRules(3, 5, 0), 1L);

        assertThat(result.assignment("P1").orElseThrow().expertIds()).containsExactlyInAnyOrder("E1", "E2");
        assertThat(result.shortfalls()).containsExactly(new Shortfall("P1",
                List.of(ShortfallReason.NOT_ENOUGH_ELIGIBLE_EXPERTS), 2, 0, 2, 0,
                "需要 3 名专家，仅抽到 2 名：可用、学科匹配且无回避情形的专家仅 2 名"));
    }

    @Test
    void reportsTheLoadLimit() {
        List<Expert> pool = List.of(expert("E1", "430", false, true), expert("E2", "430", false, true),
                expert("E3", "430", false, true));
        DrawResult result = run(List.of(proposal("P1", "430"), proposal("P2", "430")), pool, new DrawRules(3, 1, 0), 7L);

        assertThat(result.shortfalls()).hasSize(1);
        Shortfall s = result.shortfalls().get(0);
        assertThat(s.reasons()).containsExactly(ShortfallReason.LOAD_LIMIT_REACHED);
        assertThat(s.explanation()).isEqualTo("需要 3 名专家，仅抽到 0 名：符合条件的专家有 3 名，其余已达每人 1 个项目的上限");
    }

    @Test
    void reportsTooFewInternationalExpertsButStillDrawsN() {
        List<Expert> pool = List.of(expert("E1", "430", true, true), expert("E2", "430", false, true),
                expert("E3", "430", false, true), expert("E4", "430", false, true));
        DrawResult result = run(List.of(proposal("P1", "430")), pool, new DrawRules(3, 1, 2), 3L);

        assertThat(result.assignment("P1").orElseThrow().picks()).hasSize(3);
        assertThat(result.fullyStaffed("P1")).isFalse();
        assertThat(result.shortfall("P1").orElseThrow().reasons())
                .containsExactly(ShortfallReason.NOT_ENOUGH_INTERNATIONAL_EXPERTS);
        assertThat(result.shortfall("P1").orElseThrow().explanation())
                .isEqualTo("需要至少 2 名国际专家，仅抽到 1 名：符合条件的国际专家仅 1 名");
    }

    @Test
    void theSeedMattersAndReproduces() {
        List<Expert> pool = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            pool.add(expert("E" + i, "430", i % 3 == 0, true));
        }
        List<ProposalToReview> proposals = List.of(proposal("P1", "430"), proposal("P2", "43010"));
        DrawRules rules = new DrawRules(5, 2, 1);
        Set<DrawResult> distinct = new HashSet<>();
        for (long seed = 0; seed < 20; seed++) {
            assertThat(run(proposals, pool, rules, seed)).isEqualTo(run(proposals, pool, rules, seed));
            distinct.add(run(proposals, pool, rules, seed));
        }
        assertThat(distinct).hasSize(20);
    }

    @Test
    void rejectsDuplicateIdsAndTooFewExpertsPerProposal() {
        assertThatThrownBy(() -> run(List.of(), List.of(expert("E1", "430", false, true),
                expert("E1", "520", false, true)), new DrawRules(3, 1, 0), 1L))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("duplicate expert: E1");
        assertThatThrownBy(() -> new DrawRules(2, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new DrawRules(3, 1, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void disciplineCodesMatchByPrefixEitherWay() {
        assertThat(DrawRules.disciplineMatches("430", "43015")).isTrue();
        assertThat(DrawRules.disciplineMatches("43015", "430")).isTrue();
        assertThat(DrawRules.disciplineMatches("431", "43015")).isFalse();
        assertThat(DrawRules.disciplineMatches("", "430")).isFalse();
    }
}

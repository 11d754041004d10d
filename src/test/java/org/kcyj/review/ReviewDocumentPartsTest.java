package org.kcyj.review;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.math.BigDecimal;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.kcyj.call.CallStatus;
import org.kcyj.call.OrganisationMode;
import org.kcyj.call.ProgrammeCall;
import org.kcyj.call.Topic;
import org.kcyj.document.DocumentContent;
import org.kcyj.document.DocumentContent.DataTable;
import org.kcyj.proposal.Proposal;
import org.kcyj.proposal.ProposalStatus;
import org.kcyj.review.ReviewFacts.Criterion;
import org.kcyj.review.ReviewFacts.Expert;
import org.kcyj.review.ReviewFacts.ProposalLine;
import org.kcyj.review.ReviewFacts.Result;
import org.kcyj.review.ReviewFacts.Review;

/** The review documents' content, without a database or a renderer: what each cell and line says. */
class ReviewDocumentPartsTest {

    static final String CRITERIA = """
            [{"code":"innovation","name":"创新性","weight":30,"score":25},
             {"code":"feasibility","name":"可行性与研究基础","weight":25,"score":20.5},
             {"code":"budget","name":"经费合理性","weight":45,"score":33}]""";

    static final Proposal PROPOSAL = new Proposal(7, "KCYJ2026-XCL-0007", 3, "applicant1", 1, "宁波甬江示范大学",
            "高性能稀土永磁材料关键制备技术", null, "张明", null, ProposalStatus.NOT_FUNDED, 1, null, null, null, 11L,
            "GENERAL", null, 0);
    static final Optional<Topic> TOPIC = Optional.of(new Topic(11, 3, "01", "高性能稀土永磁材料", "", "", null, 3, List.of()));
    static final ProgrammeCall CALL = new ProgrammeCall(3, 1, "XCL", "新材料", "2026年度新材料重大专项", 2026,
            OrganisationMode.COMPETITIVE, BigDecimal.valueOf(1000), null, null, Instant.parse("2026-03-01T00:00:00Z"), 0,
            CallStatus.CLOSED, null, null, null, null);

    static Review review(long id, Expert expert, int score, String opinion) {
        return new Review(id, 7, expert, score, opinion, Instant.parse("2025-11-03T01:00:00Z"),
                ReviewFacts.criteria(CRITERIA), "B", "FUNDABLE", Instant.parse("2025-11-01T01:00:00Z"));
    }

    static final Expert OUYANG = new Expert("rdoc_a", "欧阳振华", "研究员", "北方稀土材料研究总院", "ouyang.zh@northre.example");
    static final Expert VOLLMER = new Expert("rdoc_e", "Heinrich Vollmer", "Professor", "Karlsruhe Magnet Institute",
            "h.vollmer@kmi.example");

    @Test
    void chineseNumeralsLabelTheReviewers() {
        assertThat(List.of(1, 2, 9, 10, 11, 19, 20, 21, 99).stream().map(ReviewFacts::chineseNumber))
                .containsExactly("一", "二", "九", "十", "十一", "十九", "二十", "二十一", "九十九");
        assertThat(OpinionFeedbackDocument.label(3)).isEqualTo("专家三");
    }

    @Test
    void criteriaAreReadInTheirStoredOrder() {
        assertThat(ReviewFacts.criteria(CRITERIA)).containsExactly(
                new Criterion("innovation", "创新性", new BigDecimal("30"), new BigDecimal("25")),
                new Criterion("feasibility", "可行性与研究基础", new BigDecimal("25"), new BigDecimal("20.5")),
                new Criterion("budget", "经费合理性", new BigDecimal("45"), new BigDecimal("33")));
        assertThat(ReviewFacts.criteria(null)).isEmpty();
        assertThat(ReviewFacts.criteria(" ")).isEmpty();
        assertThatThrownBy(() -> ReviewFacts.criteria("{\"code\":1}")).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ReviewFacts.criteria("[{")).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void fundingOpinionsGradesAndVotesInChinese() {
        assertThat(ReviewFacts.fundingOpinion("PRIORITY")).startsWith("优先资助");
        assertThat(ReviewFacts.fundingOpinion("FUNDABLE")).startsWith("可资助");
        assertThat(ReviewFacts.fundingOpinion("NOT_FUNDABLE")).startsWith("不予资助");
        assertThat(ReviewFacts.fundingOpinion(null)).isEqualTo(ReviewFacts.NONE);
        assertThat(List.of("FOR", "AGAINST", "ABSTAIN").stream().map(ReviewFacts::vote)).containsExactly("赞成", "反对", "弃权");
        assertThat(ReviewFacts.vote(null)).isEqualTo("未表决");
        assertThat(ReviewFacts.beijing(Instant.parse("2025-11-03T16:30:00Z"))).isEqualTo("2025-11-04 00:30（北京时间）");
    }

    @Test
    void theSheetTotalsTheWeightsAndShowsTheRecordedTotal() {
        DocumentContent sheet = ReviewSheetDocument.of(PROPOSAL, CALL, TOPIC, review(5, OUYANG, 78, "意见"), "宁波市科学技术局");
        DataTable criteria = tables(sheet).get(0);
        assertThat(criteria.rows()).containsExactly(
                List.of("1", "创新性", "30", "25"),
                List.of("2", "可行性与研究基础", "25", "20.5"),
                List.of("3", "经费合理性", "45", "33"),
                List.of("", "合计 Total", "100", "78"));
        assertThat(sheet.toString()).contains("欧阳振华", "北方稀土材料研究总院", "2025-11-01 09:00（北京时间）", "可资助");
    }

    @Test
    void feedbackLabelsReviewsInIdOrderAndCarriesNoIdentity() {
        Review later = review(9, OUYANG, 78, "本人欧阳振华（北方稀土材料研究总院，OUYANG.ZH@northre.example）认为创新性突出。");
        Review earlier = review(4, VOLLMER, 83, "As heinrich vollmer of Karlsruhe Magnet Institute I support it.");
        DocumentContent feedback = OpinionFeedbackDocument.of(PROPOSAL, TOPIC, List.of(later, earlier),
                Optional.of(new Result(7, 2, new BigDecimal("80.50"), new BigDecimal("80.50"), false, BigDecimal.ONE,
                        false, false, Instant.parse("2025-11-05T00:00:00Z"))), "宁波市科学技术局");
        String text = feedback.toString();

        assertThat(text.indexOf("专家一")).isPositive().isLessThan(text.indexOf("专家二"));
        assertThat(text.indexOf("I support it")).isLessThan(text.indexOf("认为创新性突出"));
        assertThat(text).contains("80.50（平均分 mean）", "本人×××（×××，×××）认为创新性突出", "As ××× of ××× I support it");
        for (String identity : List.of("欧阳振华", "北方稀土", "rdoc_a", "rdoc_e", "ouyang", "vollmer", "Karlsruhe",
                "2025-11-0", "2025-11-1")) {
            assertThat(text.toLowerCase()).doesNotContain(identity.toLowerCase());
        }
    }

    @Test
    void maskingLeavesOneCharacterValuesAndOtherTextAlone() {
        Expert terse = new Expert("x", "李", null, null, null);
        assertThat(OpinionFeedbackDocument.identities(List.of(review(1, terse, 60, "")))).isNull();
        assertThat(OpinionFeedbackDocument.mask("李工艺成熟", null)).isEqualTo("李工艺成熟");
        assertThat(OpinionFeedbackDocument.mask("建议补充[a-z]*实验", OpinionFeedbackDocument.identities(
                List.of(review(1, new Expert("[a-z]*", "某", null, null, null), 60, ""))))).isEqualTo("建议补充×××实验");
    }

    @Test
    void theSummaryNotesTrimmedScoresAndFlags() {
        ProposalLine p = new ProposalLine(7, "KCYJ2026-XCL-0007", "永磁", "宁波甬江示范大学", 11L, "01", "高性能稀土永磁材料");
        ProposalLine q = new ProposalLine(8, "KCYJ2026-XCL-0008", "电池", "甬江新材料研究院", null, null, null);
        DocumentContent summary = ReviewSummaryDocument.of(CALL, List.of(
                new ReviewSummaryDocument.Line(p, new Result(7, 5, new BigDecimal("75.67"), new BigDecimal("72.8"), true,
                        new BigDecimal("45"), true, false, null)),
                new ReviewSummaryDocument.Line(q, new Result(8, 3, new BigDecimal("60"), null, false, null, false, true,
                        null))));
        List<DataTable> tables = tables(summary);
        assertThat(tables).hasSize(2);
        assertThat(tables.get(0).rows()).containsExactly(List.of("1", "KCYJ2026-XCL-0007", "永磁", "宁波甬江示范大学", "5",
                "72.80", "75.67\n（去掉最高最低分）", "45.00", "分歧较大"));
        // an older result without a raw mean: the mean is the raw mean
        assertThat(tables.get(1).rows()).containsExactly(List.of("1", "KCYJ2026-XCL-0008", "电池", "甬江新材料研究院", "3",
                "60.00", "60.00", "—", "多数不予资助"));
        assertThat(summary.toString()).contains("指南方向 01 高性能稀土永磁材料", "未指定指南方向");
    }

    @Test
    void theFingerprintFollowsTheContent() {
        DocumentContent a = ReviewSheetDocument.of(PROPOSAL, CALL, TOPIC, review(5, OUYANG, 78, "意见"), "宁波市科学技术局");
        DocumentContent same = ReviewSheetDocument.of(PROPOSAL, CALL, TOPIC, review(5, OUYANG, 78, "意见"), "宁波市科学技术局");
        DocumentContent changed = ReviewSheetDocument.of(PROPOSAL, CALL, TOPIC, review(5, OUYANG, 78, "意见。"), "宁波市科学技术局");
        assertThat(ReviewDocuments.fingerprint(a)).hasSize(64).isEqualTo(ReviewDocuments.fingerprint(same))
                .isNotEqualTo(ReviewDocuments.fingerprint(changed));
    }

    private static List<DataTable> tables(DocumentContent content) {
        return content.blocks().stream().filter(DataTable.class::isInstance).map(DataTable.class::cast).toList();
    }
}

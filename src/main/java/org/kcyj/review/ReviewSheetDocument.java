package org.kcyj.review;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.kcyj.call.ProgrammeCall;
import org.kcyj.call.Topic;
import org.kcyj.document.DocumentContent;
import org.kcyj.proposal.Proposal;
import org.kcyj.review.ReviewFacts.Criterion;
import org.kcyj.review.ReviewFacts.Review;

/** Lays out one expert's review sheet (专家评审意见表), an internal record that names the expert. */
final class ReviewSheetDocument {

    static final String TITLE = "科创甬江2035 重大专项专家评审意见表";
    static final String INTERNAL = "内部资料：本表载有评审专家身份信息，仅供项目主管处室存档使用，不得向申报人提供。"
            + " Internal record: names the reviewer; not to be shown to applicants.";

    private ReviewSheetDocument() {
    }

    static DocumentContent of(Proposal p, ProgrammeCall call, Optional<Topic> topic, Review review, String issuer) {
        DocumentContent.Builder doc = DocumentContent.builder(TITLE)
                .subtitle("Expert review sheet")
                .paragraph(INTERNAL)
                .heading("一、项目信息 Proposal")
                .keyValue("项目编号 Proposal number", p.number())
                .keyValue("项目名称 Title", p.title())
                .keyValue("依托单位 Lead unit", p.unitName())
                .keyValue("项目负责人 Principal investigator", p.piName())
                .keyValue("指南方向 Topic", topic.map(t -> ReviewFacts.topic(t.code(), t.title())).orElse(ReviewFacts.NONE))
                .keyValue("申报批次 Call", call.title())
                .heading("二、评审专家 Expert")
                .keyValue("专家姓名 Name", review.expert().name())
                .keyValue("职称 Title", orNone(review.expert().title()))
                .keyValue("工作单位 Unit", orNone(review.expert().unit()))
                .keyValue("无利益冲突声明 Declaration", review.noConflictDeclaredAt() == null
                        ? "未记录 Not recorded"
                        : "已声明与本项目无利益冲突，声明时间 " + ReviewFacts.beijing(review.noConflictDeclaredAt()))
                .heading("三、评分 Scores");
        criteriaTable(doc, review);
        doc.keyValue("总分 Total score", review.score() + " 分（满分 100 分）")
                .keyValue("评价等级 Grade", ReviewFacts.grade(review.grade()))
                .keyValue("资助意见 Funding opinion", ReviewFacts.fundingOpinion(review.fundingOpinion()))
                .heading("四、评审意见 Opinion")
                .paragraph(review.opinion())
                .keyValue("提交时间 Submitted", ReviewFacts.beijing(review.submittedAt()));
        return doc.signature("评审专家（签字）", review.expert().name(), "日期", ReviewFacts.day(review.submittedAt()))
                .build();
    }

    /**
     * The criteria with weight and score, and a total row (the weights' sum and the review's total
     * score); nothing for a review recorded without criteria.
     */
    static void criteriaTable(DocumentContent.Builder doc, Review review) {
        if (review.criteria().isEmpty()) {
            return;
        }
        List<List<String>> rows = new ArrayList<>();
        BigDecimal weights = BigDecimal.ZERO;
        int i = 0;
        for (Criterion c : review.criteria()) {
            rows.add(List.of(String.valueOf(++i), c.name(), ReviewFacts.points(c.weight()), ReviewFacts.points(c.score())));
            weights = c.weight() == null ? weights : weights.add(c.weight());
        }
        rows.add(List.of("", "合计 Total", ReviewFacts.points(weights), String.valueOf(review.score())));
        doc.table(List.of("序号 No.", "评价指标 Criterion", "权重（分）Weight", "得分 Score"), rows,
                List.of(0.8, 4.0, 1.6, 1.4));
    }

    private static String orNone(String value) {
        return value == null || value.isBlank() ? ReviewFacts.NONE : value;
    }
}

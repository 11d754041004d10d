package org.kcyj.review;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.kcyj.call.Topic;
import org.kcyj.document.DocumentContent;
import org.kcyj.proposal.Proposal;
import org.kcyj.review.ReviewFacts.Expert;
import org.kcyj.review.ReviewFacts.Result;
import org.kcyj.review.ReviewFacts.Review;

/**
 * Lays out the anonymised review opinions (专家评审意见（反馈申请人）) the applicant receives after the
 * decision. Reviewers appear only as 专家一, 专家二 … in the order of their reviews; nothing that
 * identifies one is printed: no name, login, unit, e-mail, review id or date. Should an opinion text
 * itself contain a reviewer's name, login, e-mail or unit, that is masked.
 */
final class OpinionFeedbackDocument {

    static final String TITLE = "科创甬江2035 重大专项专家评审意见（反馈申请人）";
    /** Printed instead of an identifier found inside an opinion text. */
    static final String MASK = "×××";
    /** Identifiers shorter than this are too common to mask without garbling the text. */
    private static final int MIN_MASKED_LENGTH = 2;

    private OpinionFeedbackDocument() {
    }

    /** The reviewer's label: 专家一 for {@code ordinal} 1. */
    static String label(int ordinal) {
        return "专家" + ReviewFacts.chineseNumber(ordinal);
    }

    static DocumentContent of(Proposal p, Optional<Topic> topic, List<Review> reviews, Optional<Result> result,
                              String issuer) {
        Pattern identities = identities(reviews);
        DocumentContent.Builder doc = DocumentContent.builder(TITLE)
                .subtitle("Peer review opinions (anonymised, for the applicant)")
                .paragraph(p.unitName() + "、" + p.piName() + "：")
                .paragraph("你单位申报的项目已完成专家评审。现将专家评审意见反馈如下，专家身份依评审保密规定不予公开。"
                        + " The reviewers' opinions on the proposal below are given without their identities.")
                .keyValue("项目编号 Proposal number", p.number())
                .keyValue("项目名称 Title", p.title())
                .keyValue("依托单位 Lead unit", p.unitName())
                .keyValue("指南方向 Topic", topic.map(t -> ReviewFacts.topic(t.code(), t.title())).orElse(ReviewFacts.NONE))
                .keyValue("评审专家人数 Reviews", String.valueOf(reviews.size()));
        result.ifPresent(r -> doc.keyValue("综合得分 Overall score", ReviewFacts.twoDecimals(r.meanScore())
                + (r.trimmed() ? "（去掉一个最高分和一个最低分后的平均分 trimmed mean）" : "（平均分 mean）")));

        List<Review> ordered = reviews.stream().sorted(Comparator.comparingLong(Review::id)).toList();
        for (int i = 0; i < ordered.size(); i++) {
            Review review = ordered.get(i);
            doc.heading(ReviewFacts.chineseNumber(i + 1) + "、" + label(i + 1) + " Reviewer " + (i + 1));
            ReviewSheetDocument.criteriaTable(doc, review);
            doc.keyValue("总分 Total score", review.score() + " 分（满分 100 分）")
                    .keyValue("评价等级 Grade", ReviewFacts.grade(review.grade()))
                    .keyValue("资助意见 Funding opinion", ReviewFacts.fundingOpinion(review.fundingOpinion()))
                    // the label opens the text's first line, so it never stays behind at the foot of a page
                    .paragraph("评审意见 Opinion：" + mask(review.opinion(), identities));
        }
        return doc.paragraph("以上意见仅供参考。如对评审意见有疑问，可向项目主管处室书面反映；学术判断上的不同意见不作为复核理由。")
                .signature("签发单位", issuer, "", null)
                .build();
    }

    /** One pattern matching any reviewer's name, login, e-mail or unit (case-insensitive), longest first. */
    static Pattern identities(List<Review> reviews) {
        List<String> raw = new ArrayList<>();
        for (Review review : reviews) {
            Expert expert = review.expert();
            raw.addAll(java.util.Arrays.asList(expert.name(), expert.username(), expert.email(), expert.unit()));
        }
        return pattern(raw);
    }

    /** A pattern matching any of these identifiers (names, logins, e-mails, units), longest first; null if none. */
    static Pattern pattern(java.util.Collection<String> raw) {
        Set<String> values = new LinkedHashSet<>();
        for (String value : raw) {
            if (value != null && value.strip().codePointCount(0, value.strip().length()) >= MIN_MASKED_LENGTH) {
                values.add(value.strip());
            }
        }
        if (values.isEmpty()) {
            return null;
        }
        List<String> longestFirst = new ArrayList<>(values);
        longestFirst.sort(Comparator.comparingInt(String::length).reversed());
        StringBuilder regex = new StringBuilder();
        for (String value : longestFirst) {
            regex.append(regex.isEmpty() ? "" : "|").append(Pattern.quote(value));
        }
        return Pattern.compile(regex.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    }

    static String mask(String text, Pattern identities) {
        if (text == null || identities == null) {
            return text;
        }
        Matcher matcher = identities.matcher(text);
        return matcher.replaceAll(Matcher.quoteReplacement(MASK));
    }
}

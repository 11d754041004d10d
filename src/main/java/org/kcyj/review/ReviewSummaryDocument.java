package org.kcyj.review;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.kcyj.call.ProgrammeCall;
import org.kcyj.document.DocumentContent;
import org.kcyj.review.ReviewFacts.ProposalLine;
import org.kcyj.review.ReviewFacts.Result;

/**
 * Lays out a call's review results summary (评审结果汇总表): per topic, the proposals ranked by the
 * score used. Internal; it names no reviewer.
 */
final class ReviewSummaryDocument {

    static final String TITLE = "科创甬江2035 重大专项评审结果汇总表";
    static final String TRIMMED = "去掉最高最低分";
    static final String SPREAD_FLAG = "分歧较大";
    static final String REJECT_MAJORITY = "多数不予资助";

    static final List<String> HEADER = List.of("排名", "项目编号", "项目名称", "依托单位", "评审\n数", "原始\n均分",
            "采用得分", "分差", "标记");
    /**
     * Column widths in points (a line is 482 wide): the number and each flag on one line, scores as
     * narrow as their values, the trimmed note on two lines under the score; title and unit share the rest.
     */
    static final List<Double> WIDTHS = List.of(32.0, 98.0, 74.0, 57.0, 32.0, 41.0, 61.0, 36.0, 51.0);

    /** One proposal with its aggregated score. */
    record Line(ProposalLine proposal, Result result) {
    }

    private ReviewSummaryDocument() {
    }

    /** @param lines grouped by topic and in rank order within each topic */
    static DocumentContent of(ProgrammeCall call, List<Line> lines) {
        Map<Long, List<Line>> byTopic = new LinkedHashMap<>();
        for (Line line : lines) {
            byTopic.computeIfAbsent(line.proposal().topicId(), k -> new ArrayList<>()).add(line);
        }
        DocumentContent.Builder doc = DocumentContent.builder(TITLE)
                .subtitle("Summary of peer review results")
                .paragraph("内部资料，仅供项目主管处室及会评使用。 Internal: for programme staff and the panel.")
                .keyValue("申报批次 Call", call.title())
                .keyValue("专项 Programme", call.programmeName())
                .keyValue("年度 Year", String.valueOf(call.year()))
                .keyValue("参评项目数 Proposals", String.valueOf(lines.size()))
                .keyValue("指南方向数 Topics", String.valueOf(byTopic.size()));
        int section = 0;
        for (List<Line> topic : byTopic.values()) {
            doc.heading(ReviewFacts.chineseNumber(++section) + "、" + topicHeading(topic.get(0).proposal()));
            List<List<String>> rows = new ArrayList<>();
            int rank = 0;
            for (Line line : topic) {
                rows.add(row(++rank, line));
            }
            doc.table(HEADER, rows, WIDTHS);
        }
        return doc.heading("说明 Notes")
                .paragraph("原始均分：全部专家评分的算术平均。采用得分：排名所用得分；评审专家达到规定人数时"
                        + TRIMMED + "后取平均，并注明“" + TRIMMED + "”。分差：最高分与最低分之差。")
                .paragraph("标记：“" + SPREAD_FLAG + "”表示分差超过规定阈值，提交会评讨论；“" + REJECT_MAJORITY
                        + "”表示多数专家意见为不予资助，须经会评专家签名推荐方可进入会评。")
                .signature("项目主管处室（盖章）", null, "日期", null)
                .build();
    }

    private static String topicHeading(ProposalLine p) {
        return p.topicId() == null ? "未指定指南方向 No topic"
                : "指南方向 " + ReviewFacts.topic(p.topicCode(), p.topicTitle());
    }

    private static List<String> row(int rank, Line line) {
        Result r = line.result();
        // results aggregated before trimming was recorded have no raw mean: it is the mean itself
        String raw = ReviewFacts.twoDecimals(r.rawMean() != null || r.trimmed() ? r.rawMean() : r.meanScore());
        String used = ReviewFacts.twoDecimals(r.meanScore()) + (r.trimmed() ? "\n（" + TRIMMED + "）" : "");
        List<String> flags = new ArrayList<>();
        if (r.spreadFlag()) {
            flags.add(SPREAD_FLAG);
        }
        if (r.rejectMajority()) {
            flags.add(REJECT_MAJORITY);
        }
        return List.of(String.valueOf(rank), line.proposal().number(), Objects.toString(line.proposal().title(), ""),
                line.proposal().unitName(), String.valueOf(r.reviewCount()), raw, used,
                ReviewFacts.twoDecimals(r.spread()), String.join("\n", flags));
    }
}

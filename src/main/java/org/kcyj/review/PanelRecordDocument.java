package org.kcyj.review;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import org.kcyj.call.ProgrammeCall;
import org.kcyj.document.DocumentContent;
import org.kcyj.review.ReviewFacts.Panel;
import org.kcyj.review.ReviewFacts.PanelMember;
import org.kcyj.review.ReviewFacts.PanelOutcome;
import org.kcyj.review.ReviewFacts.Vote;

/**
 * Lays out a panel's voting record (会评表决记录): members, the outcome per proposal and each member's
 * vote. An internal record, so members are named. Table column widths are in points of the 482-point
 * line, chosen so that short headers and values never wrap.
 */
final class PanelRecordDocument {

    static final String TITLE = "科创甬江2035 重大专项会评表决记录";
    static final String FINANCE = "财务专家";
    static final String ENDORSED = "签名推荐";

    private PanelRecordDocument() {
    }

    /**
     * @param outcomes in the panel's order: by topic, rank within topic
     * @param votes    all votes of the panel, any order
     */
    static DocumentContent of(ProgrammeCall call, Panel panel, List<PanelMember> members, List<PanelOutcome> outcomes,
                              List<Vote> votes) {
        DocumentContent.Builder doc = DocumentContent.builder(TITLE)
                .subtitle("Record of the review panel's votes")
                .paragraph("内部资料：本记录载有会评专家身份及个人表决，仅供项目主管处室存档使用，不得向申报人提供。"
                        + " Internal record: names the panel members; not to be shown to applicants.")
                .keyValue("申报批次 Call", call.title())
                .keyValue("专项 Programme", call.programmeName())
                .keyValue("会评编号 Panel", "HP-" + panel.id())
                .keyValue("专家抽取随机种子 Draw seed", String.valueOf(panel.seed()))
                .keyValue("组建时间 Formed", ReviewFacts.beijing(panel.createdAt()))
                .keyValue("结束时间 Concluded", panel.concludedAt() == null ? "尚未结束 Not concluded"
                        : ReviewFacts.beijing(panel.concludedAt()))
                .keyValue("会评专家人数 Members", members.size() + " 人（其中" + FINANCE + " "
                        + members.stream().filter(PanelMember::finance).count() + " 人）");

        doc.heading("一、会评专家 Panel members");
        List<List<String>> memberRows = new ArrayList<>();
        int seat = 0;
        for (PanelMember m : members) {
            memberRows.add(List.of(String.valueOf(++seat), m.expert().name(), orNone(m.expert().title()),
                    orNone(m.expert().unit()), m.finance() ? FINANCE : "",
                    m.votedAt() == null ? "未完成" : ReviewFacts.beijing(m.votedAt()).replace("（北京时间）", "")));
        }
        doc.table(List.of("序号", "姓名", "职称", "工作单位", "类别", "表决完成时间"), memberRows,
                List.of(32.0, 72.0, 72.0, 160.0, 51.0, 95.0));

        doc.heading("二、表决结果 Outcome");
        if (outcomes.isEmpty()) {
            doc.paragraph("尚无表决结果。 No votes recorded yet.");
        }
        Map<Long, List<PanelOutcome>> byTopic = new LinkedHashMap<>();
        for (PanelOutcome outcome : outcomes) {
            byTopic.computeIfAbsent(outcome.proposal().topicId(), k -> new ArrayList<>()).add(outcome);
        }
        for (List<PanelOutcome> topic : byTopic.values()) {
            doc.heading(topicLabel(topic.get(0)));
            List<List<String>> rows = new ArrayList<>();
            for (PanelOutcome o : topic) {
                rows.add(List.of(o.rankInTopic() == null ? ReviewFacts.NONE : String.valueOf(o.rankInTopic()),
                        o.proposal().number(), Objects.toString(o.proposal().title(), ""), count(o.votesFor()),
                        count(o.votesAgainst()), count(o.abstentions()), count(o.endorsements()),
                        ReviewFacts.yesNo(o.recommended()), Objects.toString(o.note(), "")));
            }
            doc.table(List.of("排名", "项目编号", "项目名称", "赞成", "反对", "弃权", "签名\n推荐", "建议\n立项", "备注"), rows,
                    List.of(32.0, 98.0, 100.0, 31.0, 31.0, 31.0, 31.0, 31.0, 97.0));
        }

        doc.heading("三、个人表决明细 Individual votes");
        Map<Long, Map<String, Vote>> votesByProposal = new HashMap<>();
        for (Vote vote : votes) {
            votesByProposal.computeIfAbsent(vote.proposalId(), k -> new HashMap<>()).put(vote.expert(), vote);
        }
        int item = 0;
        for (PanelOutcome o : outcomes) {
            doc.heading("（" + ReviewFacts.chineseNumber(++item) + "）" + o.proposal().number() + " "
                    + Objects.toString(o.proposal().title(), ""));
            Map<String, Vote> cast = votesByProposal.getOrDefault(o.proposal().id(), Map.of());
            List<List<String>> rows = new ArrayList<>();
            for (PanelMember m : members) {
                Vote v = cast.get(m.expert().username());
                rows.add(List.of(m.expert().name() + (m.finance() ? "（" + FINANCE + "）" : ""),
                        ReviewFacts.vote(v == null ? null : v.vote()), v != null && v.endorsed() ? ENDORSED : "",
                        v == null ? "" : Objects.toString(v.comment(), "")));
            }
            doc.table(List.of("会评专家", "表决", ENDORSED, "意见"), rows, List.of(112.0, 42.0, 51.0, 277.0));
        }
        return doc.signature("会评专家组组长（签字）", null, "日期", ReviewFacts.day(panel.concludedAt()))
                .signature("项目主管处室（盖章）", null, "日期", ReviewFacts.day(panel.concludedAt()))
                .build();
    }

    private static String topicLabel(PanelOutcome o) {
        return o.proposal().topicId() == null ? "未指定指南方向 No topic"
                : "指南方向 " + ReviewFacts.topic(o.proposal().topicCode(), o.proposal().topicTitle());
    }

    private static String count(Integer n) {
        return n == null ? ReviewFacts.NONE : String.valueOf(n);
    }

    private static String orNone(String value) {
        return value == null || value.isBlank() ? ReviewFacts.NONE : value;
    }
}

package org.kcyj.call;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

import org.kcyj.document.DocumentContent;
import org.kcyj.shared.BusinessTime;

/** Lays out the published guide (申报指南, or 榜单 in a challenge call). */
final class GuideDocument {

    private GuideDocument() {
    }

    static DocumentContent of(ProgrammeCall call, Guide guide, List<GuideService.GuideTopic> topics, String issuer,
                              java.time.Instant issuedAt) {
        boolean challenge = call.mode().isChallengeBased();
        String kind = challenge ? "榜单" : "申报指南";
        DocumentContent.Builder doc = DocumentContent.builder("科创甬江2035 " + call.programmeName() + "重大专项 "
                        + call.year() + " 年度" + kind)
                .subtitle((challenge ? "Challenge list · " : "Call guide · ") + call.title())
                .keyValue("批次 Call", call.title())
                .keyValue("专项 Programme", call.programmeName() + " (" + call.programmeCode() + ")")
                .keyValue("组织方式 Organisation mode", call.mode().chinese() + " " + call.mode().english())
                .keyValue("批次预算 Budget", money(call.budget()))
                .keyValue("申报开始 Window opens", beijing(call.opensAt()))
                .keyValue("申报截止 Deadline", beijing(call.applicationDeadline()));
        if (call.graceMinutes() > 0) {
            doc.keyValue("截止后宽限期 Grace period", call.graceMinutes() + " 分钟 minutes");
        }
        doc.heading("一、指南说明 Introduction").paragraph(guide.intro());
        doc.heading("二、" + (challenge ? "榜单条目 Challenges" : "指南方向 Topics"));
        List<List<String>> rows = new ArrayList<>();
        for (GuideService.GuideTopic t : topics) {
            rows.add(List.of(t.topic().code(), t.topic().title(), t.topic().indicators(),
                    t.topic().maxBudget() == null ? "不设上限" : plain(t.topic().maxBudget()),
                    String.valueOf(t.topic().expectedProjects())));
        }
        doc.table(List.of("编号", "方向名称", "考核指标", "单项最高资助（万元）", "拟支持项目数"), rows,
                List.of(0.6, 2.6, 2.4, 2.2, 1.6));
        for (GuideService.GuideTopic t : topics) {
            doc.paragraph(t.topic().code() + " " + t.topic().title() + "：" + t.topic().description());
            if (challenge && !t.setters().isEmpty()) {
                doc.paragraph("发榜方 Set by：" + String.join("、", t.setters()) + "；出资配套 Co-funding："
                        + money(t.coFunding()));
            }
        }
        int section = 3;
        if (guide.eligibility() != null) {
            doc.heading(numeral(section++) + "、申报条件 Eligibility").paragraph(guide.eligibility());
        }
        doc.heading(numeral(section) + "、联系方式 Contacts").paragraph(guide.contacts());
        doc.paragraph("申报时间以北京时间（UTC+8）为准，以服务器收到的时间为准。"
                + "All times are Beijing time (UTC+8) as received by the server.");
        return doc.signature("发布单位", issuer, "日期", BusinessTime.display(issuedAt).substring(0, 10)).build();
    }

    /** An instant as the guide prints it: Beijing time, said so. */
    static String beijing(java.time.Instant instant) {
        return BusinessTime.display(instant) + "（北京时间）";
    }

    private static String money(BigDecimal amount) {
        return plain(amount) + " 万元";
    }

    private static String plain(BigDecimal amount) {
        return amount.stripTrailingZeros().toPlainString();
    }

    private static String numeral(int n) {
        return String.valueOf("一二三四五六七八九".charAt(n - 1));
    }
}

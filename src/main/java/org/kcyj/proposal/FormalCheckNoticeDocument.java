package org.kcyj.proposal;

import java.util.List;

import org.kcyj.call.ProgrammeCall;
import org.kcyj.document.DocumentContent;
import org.kcyj.shared.BusinessTime;

/** Lays out the formal-check notice (形式审查意见) the applicant and the unit receive. */
final class FormalCheckNoticeDocument {

    private FormalCheckNoticeDocument() {
    }

    static DocumentContent of(Proposal p, ProgrammeCall call, ProposalRepository.Decision decision,
                              List<FormalCheckService.Finding> findings, String issuer) {
        DocumentContent.Builder doc = DocumentContent.builder("科创甬江2035 重大专项形式审查意见")
                .subtitle("Formal check notice")
                .paragraph(p.unitName() + "、" + p.piName() + "：")
                .paragraph("你单位申报的项目已完成形式审查，意见如下。 The formal check of the proposal below is complete.")
                .keyValue("项目编号 Proposal number", p.number())
                .keyValue("项目名称 Title", p.title())
                .keyValue("申报批次 Call", call.title())
                .keyValue("审查结论 Outcome", outcome(decision.outcome()))
                .keyValue("审查日期 Date", BusinessTime.display(decision.decidedAt()));
        if ("RETURN".equals(decision.outcome()) && p.correctionDeadline() != null) {
            doc.keyValue("修改期限 Correct by", BusinessTime.display(p.correctionDeadline()) + "（北京时间）");
        }
        doc.heading("一、审查意见 Reasons")
                .paragraph(decision.comment() == null || decision.comment().isBlank()
                        ? "符合形式审查要求。 The proposal meets the formal requirements." : decision.comment());
        if (!findings.isEmpty()) {
            doc.heading("二、自动审查发现 Automatic checks")
                    .table(List.of("类别 Kind", "程度 Severity", "说明 Finding", "依据 Evidence"),
                            findings.stream().map(f -> List.of(kind(f.kind()), severity(f.severity()), f.message(),
                                    f.evidence() == null ? "" : f.evidence())).toList(),
                            List.of(1.0, 1.0, 3.0, 3.0));
        }
        return doc.paragraph("如对审查意见有异议，可自收到本意见之日起 5 个工作日内向项目主管处室书面提出。")
                .signature("审查单位", issuer, "日期", BusinessTime.display(decision.decidedAt()).substring(0, 10))
                .build();
    }

    private static String outcome(String outcome) {
        return switch (outcome) {
            case "PASS" -> "通过 Passed";
            case "RETURN" -> "退回修改 Returned for correction";
            case "VETO" -> "诚信一票否决 Vetoed (integrity record)";
            default -> "不通过 Rejected";
        };
    }

    private static String kind(String kind) {
        return switch (kind) {
            case "INTEGRITY" -> "科研诚信";
            case "ELIGIBILITY" -> "申报资格";
            default -> kind;
        };
    }

    private static String severity(String severity) {
        return switch (severity) {
            case "VETO" -> "否决";
            case "BLOCK" -> "不符合";
            default -> "提示";
        };
    }
}

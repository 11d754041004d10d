package org.kcyj.award;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Instant;

import org.kcyj.call.ProgrammeCall;
import org.kcyj.document.DocumentContent;
import org.kcyj.proposal.Proposal;
import org.kcyj.shared.BusinessTime;

/** Lays out the approval notice (立项通知书). */
final class ApprovalNoticeDocument {

    private ApprovalNoticeDocument() {
    }

    /** @param closedEarlyOn the day an administrator ended the notice period early, or null if it ran its course */
    static DocumentContent of(Proposal p, ProgrammeCall call, BigDecimal amount, FundingService.Publicity publicity,
                              java.time.LocalDate closedEarlyOn, Instant issuedAt, String issuer) {
        String money = amount == null ? "" : amount.setScale(2, RoundingMode.HALF_UP).toPlainString() + " 万元";
        String window = closedEarlyOn == null
                ? publicity.startsOn() + " 至 " + publicity.endsOn() + "，共 " + publicity.workingDays() + " 个工作日"
                : "原定 " + publicity.startsOn() + " 至 " + publicity.endsOn() + "，" + closedEarlyOn + " 提前结束";
        return DocumentContent.builder("科创甬江2035 重大专项立项通知书")
                .subtitle("Notice of project approval")
                .paragraph(p.unitName() + "：")
                .paragraph("经专家评审、领导审批并经公示（" + window + "）无异议，你单位申报的项目“" + p.title()
                        + "”已批准立项。请项目负责人自收到本通知之日起按要求编制并提交项目任务书。")
                .paragraph("The project named below has been approved after peer review, approval and public notice. "
                        + "The principal investigator shall now draft the project task book.")
                .keyValue("项目编号 Project number", p.number())
                .keyValue("项目名称 Title", p.title())
                .keyValue("专项 Programme", call.programmeName())
                .keyValue("项目负责人 Principal investigator", p.piName())
                .keyValue("依托单位 Lead unit", p.unitName())
                .keyValue("资助金额 Funding", money)
                .signature("发文单位", issuer, "日期", BusinessTime.display(issuedAt).substring(0, 10))
                .build();
    }
}

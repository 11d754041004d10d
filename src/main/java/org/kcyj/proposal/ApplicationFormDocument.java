package org.kcyj.proposal;

import java.math.BigDecimal;

import org.kcyj.call.ProgrammeCall;
import org.kcyj.document.DocumentContent;
import org.kcyj.shared.BusinessTime;

/** Lays out the application form (申报书) from the submitted proposal. */
final class ApplicationFormDocument {

    private ApplicationFormDocument() {
    }

    static DocumentContent of(Proposal p, ProgrammeCall call) {
        return DocumentContent.builder("科创甬江2035 重大专项项目申报书")
                .subtitle("Application form · " + call.programmeName())
                .heading("一、基本信息 Basic information")
                .keyValue("项目编号 Proposal number", p.number())
                .keyValue("申报批次 Call", call.title())
                .keyValue("专项 Programme", call.programmeName() + " (" + call.programmeCode() + ")")
                .keyValue("项目名称 Title", p.title())
                .keyValue("项目负责人 Principal investigator", p.piName())
                .keyValue("依托单位 Lead unit", p.unitName())
                .keyValue("申请经费 Requested budget", amount(p.requestedBudget()) + " 万元")
                .keyValue("提交时间 Submitted at", BusinessTime.display(p.submittedAt()) + "（北京时间）")
                .keyValue("提交次数 Submission", String.valueOf(p.submissionCount()))
                .heading("二、项目摘要 Summary")
                .paragraph(p.summary())
                .heading("三、诚信承诺 Integrity pledge")
                .paragraph("申报人承诺所填报内容真实、准确，无抄袭剽窃等学术不端行为，并对申报材料的真实性负责。"
                        + " The applicant declares that the information given is true and accurate.")
                .signature("项目负责人（签字）", p.piName(), "日期", BusinessTime.display(p.submittedAt()).substring(0, 10))
                .build();
    }

    static String amount(BigDecimal value) {
        return value == null ? "" : value.setScale(2, java.math.RoundingMode.HALF_UP).toPlainString();
    }
}

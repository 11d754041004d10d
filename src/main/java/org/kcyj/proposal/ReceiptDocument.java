package org.kcyj.proposal;

import org.kcyj.call.ProgrammeCall;
import org.kcyj.document.DocumentContent;
import org.kcyj.document.IssuedDocument;
import org.kcyj.shared.BusinessTime;

/** Lays out the submission receipt (申报回执): when, which version, and the hashes that prove it. */
final class ReceiptDocument {

    private ReceiptDocument() {
    }

    static DocumentContent of(Proposal p, ProgrammeCall call, String topic, String contentSha256, IssuedDocument form) {
        return DocumentContent.builder("科创甬江2035 重大专项申报回执")
                .subtitle("Submission receipt")
                .paragraph("系统已于下列时间收到你的项目申报。本回执由系统即时生成，可凭文档编号在核验页面查验真伪。"
                        + " Your proposal was received at the time below; verify this receipt by its number.")
                .keyValue("项目编号 Proposal number", p.number())
                .keyValue("项目名称 Title", p.title())
                .keyValue("项目负责人 Principal investigator", p.piName())
                .keyValue("依托单位 Lead unit", p.unitName())
                .keyValue("申报批次 Call", call.title())
                .keyValue("指南方向 Topic", topic)
                .keyValue("收到时间 Received at", BusinessTime.display(p.submittedAt()) + "（北京时间 Beijing time）")
                .keyValue("版本 Version", String.valueOf(p.submissionCount()))
                .keyValue("申报内容 SHA-256 Content hash", contentSha256)
                .keyValue("申报书编号 Application form", form.number())
                .keyValue("申报书 SHA-256 Form hash", form.sha256())
                .paragraph("截止时间前再次提交将替代本版本；此前各版本均留档备查。"
                        + " A later submission before the deadline replaces this version; every version stays on record.")
                .build();
    }
}

package org.kcyj.proposal;

import java.math.BigDecimal;
import java.util.List;
import java.util.Map;

import org.kcyj.call.ProgrammeCall;
import org.kcyj.document.DocumentContent;
import org.kcyj.form.SubmittedForm;
import org.kcyj.shared.BusinessTime;

/**
 * Lays out the application form (申报书) from the application's content. ID numbers are printed
 * masked and the PI's phone and e-mail not at all (the form goes to reviewers and panel members, who
 * need neither); the applicant's list of experts to exclude is not printed.
 */
final class ApplicationFormDocument {
    private static final Map<String, String> LABELS = Map.ofEntries(
            Map.entry("GENERAL", "一般项目"), Map.entry("YOUTH", "青年项目"),
            Map.entry("SENIOR", "正高级"), Map.entry("ASSOCIATE", "副高级"), Map.entry("INTERMEDIATE", "中级"),
            Map.entry("OTHER", "其他"), Map.entry("CORE", "骨干"), Map.entry("MEMBER", "参与"), Map.entry("STUDENT", "研究生"),
            Map.entry("ITEMISED", "分项预算"), Map.entry("LUMP_SUM", "包干制"),
            Map.entry("EQUIPMENT", "设备费"), Map.entry("MATERIALS", "材料费"), Map.entry("TESTING", "测试化验加工费"),
            Map.entry("FUEL_POWER", "燃料动力费"), Map.entry("TRAVEL_MEETING", "差旅/会议/国际合作交流费"),
            Map.entry("PUBLICATION", "出版/文献/信息传播/知识产权事务费"), Map.entry("LABOUR", "劳务费"),
            Map.entry("EXPERT", "专家咨询费"), Map.entry("INDIRECT", "间接费用"));

    private ApplicationFormDocument() {
    }

    static DocumentContent of(Proposal p, ProgrammeCall call, String topic, SubmittedForm form, String contentSha256,
                              List<AttachmentService.Attachment> attachments) {
        DocumentContent.Builder doc = DocumentContent.builder("科创甬江2035 重大专项项目申报书")
                .subtitle("Application form · " + call.programmeName())
                .heading("一、基本信息 Basic information")
                .keyValue("项目编号 Proposal number", p.number())
                .keyValue("申报批次 Call", call.title())
                .keyValue("专项 Programme", call.programmeName() + " (" + call.programmeCode() + ")")
                .keyValue("指南方向 Topic", topic)
                .keyValue("项目名称 Title", p.title())
                .keyValue("关键词 Keywords", form.text("keywords"))
                .keyValue("学科代码 Discipline", form.text("disciplineCode"))
                .keyValue("申报类别 Track", label(form.text("track")))
                .keyValue("依托单位 Lead unit", p.unitName())
                .keyValue("提交时间 Submitted at", p.submittedAt() == null ? "" : BusinessTime.display(p.submittedAt()) + "（北京时间）")
                .keyValue("版本 Version", String.valueOf(p.submissionCount()))
                .keyValue("内容摘要值 Content SHA-256", contentSha256)
                .heading("二、项目摘要 Summary")
                .paragraph(form.text("summary"))
                .heading("三、项目负责人 Principal investigator")
                .keyValue("姓名 Name", form.text("piName"))
                .keyValue("身份证号码 ID number", ApplicationRules.mask(form.text("piIdNumber")))
                .keyValue("申报截止日年龄 Age on the deadline", ageOnDeadline(form.text("piIdNumber"), call))
                .keyValue("职称 Title", label(form.text("piTitle")))
                .keyValue("联系方式 Contact", "见申报系统（仅申请人、依托单位和项目主管处室可见） In the system, for the applicant, the lead unit and the programme office only");
        List<SubmittedForm> partners = form.rows("partners");
        doc.heading("四、合作单位 Partner units");
        if (partners.isEmpty()) {
            doc.paragraph("无 None");
        } else {
            doc.table(List.of("单位名称", "统一社会信用代码", "所在地", "承担任务"), partners.stream()
                    .map(r -> List.of(text(r, "name"), text(r, "creditCode"),
                            "true".equals(r.text("outsideCity")) ? "市外" : "市内", text(r, "tasks"))).toList(),
                    List.of(3.0, 2.2, 0.8, 3.0));
        }
        doc.heading("五、项目团队 Team")
                .table(List.of("序号", "姓名", "身份证号码", "所在单位", "职称", "分工", "人月/年"),
                        indexed(form.rows("team"), r -> List.of(text(r, "name"), ApplicationRules.mask(r.text("idNumber")),
                                text(r, "unitName"), label(r.text("title")), label(r.text("role")), number(r.decimal("effortMonths")))),
                        List.of(0.5, 1.0, 2.7, 2.2, 0.9, 0.8, 0.9));
        doc.heading("六、经费预算（万元） Budget (10k yuan)")
                .keyValue("预算方式 Mode", label(form.text("budgetMode")))
                .keyValue("申请财政经费 Grant requested", number(form.decimal("requestedBudget")))
                .keyValue("自筹经费 Self-funding", number(form.decimal("selfFunding")))
                .keyValue("其他来源经费 Co-funding", number(form.decimal("coFunding")))
                .keyValue("经费总额 Total", number(form.decimal("totalBudget")));
        if (!form.rows("budgetLines").isEmpty()) {
            doc.table(List.of("科目 Category", "金额 Amount", "测算说明 Note"), form.rows("budgetLines").stream()
                    .map(r -> List.of(label(r.text("category")), number(r.decimal("amount")), text(r, "note"))).toList(),
                    List.of(2.5, 1.2, 4.0));
        }
        if ("LUMP_SUM".equals(form.text("budgetMode"))) {
            doc.paragraph("申请人已知悉并承诺遵守包干制经费使用负面清单。 The applicant acknowledges the negative list of lump-sum funding.");
        }
        doc.heading("七、实施计划与考核指标 Plan and indicators")
                .keyValue("实施周期 Duration", number(form.decimal("durationMonths")) + " 个月")
                .table(List.of("序号", "里程碑 Milestone", "第几月 Month", "交付成果 Deliverable"),
                        indexed(form.rows("milestones"), r -> List.of(text(r, "title"), number(r.decimal("dueMonth")),
                                text(r, "deliverable"))), List.of(0.6, 3.0, 1.0, 3.5))
                .table(List.of("序号", "考核指标 Indicator", "目标值 Target", "单位 Unit", "考核方式 Method"),
                        indexed(form.rows("indicators"), r -> List.of(text(r, "name"), text(r, "targetValue"),
                                text(r, "unit"), text(r, "method"))), List.of(0.6, 3.0, 1.4, 1.0, 2.4));
        doc.heading("八、附件 Attachments");
        if (attachments.isEmpty()) {
            doc.paragraph("无 None");
        } else {
            doc.table(List.of("文件名 File", "页数 Pages", "SHA-256"), attachments.stream()
                    .map(a -> List.of(a.fileName(), String.valueOf(a.pages()), a.sha256())).toList(), List.of(3.0, 0.8, 4.5));
        }
        return doc.heading("九、诚信承诺 Integrity pledge")
                .paragraph("本人承诺所填报内容真实、准确，无抄袭剽窃等学术不端行为，并对申报材料的真实性负责。"
                        + " The applicant declares that the information given is true and accurate.")
                .signature("项目负责人（签字）", form.text("piName"), "日期",
                        p.submittedAt() == null ? "" : BusinessTime.display(p.submittedAt()).substring(0, 10))
                .build();
    }

    /** Completed years on the call's deadline date, from the ID number's birth date. */
    private static String ageOnDeadline(String idNumber, ProgrammeCall call) {
        java.time.LocalDate deadline = BusinessTime.zoned(call.applicationDeadline()).toLocalDate();
        return org.kcyj.shared.ResidentIdNumber.parse(idNumber, deadline)
                .map(id -> id.ageOn(deadline) + " 周岁").orElse("");
    }

    private static List<List<String>> indexed(List<SubmittedForm> rows,
                                              java.util.function.Function<SubmittedForm, List<String>> cells) {
        List<List<String>> out = new java.util.ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            List<String> row = new java.util.ArrayList<>();
            row.add(String.valueOf(i + 1));
            row.addAll(cells.apply(rows.get(i)));
            out.add(row);
        }
        return out;
    }

    private static String text(SubmittedForm row, String key) {
        String value = row.text(key);
        return value == null ? "" : value;
    }

    static String label(String code) {
        return code == null ? "" : LABELS.getOrDefault(code, code);
    }

    static String number(BigDecimal value) {
        return value == null ? "" : value.stripTrailingZeros().toPlainString();
    }
}

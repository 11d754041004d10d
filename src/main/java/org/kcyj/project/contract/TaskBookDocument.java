package org.kcyj.project.contract;

import java.math.RoundingMode;
import java.util.List;

import org.kcyj.document.DocumentContent;
import org.kcyj.proposal.Proposal;

/** Lays out the project task book (项目任务书). */
final class TaskBookDocument {

    private TaskBookDocument() {
    }

    static DocumentContent of(Proposal p, TaskBookService.TaskBook book) {
        List<List<String>> rows = book.milestones().stream()
                .map(m -> List.of(String.valueOf(m.seq()), m.title(), m.dueDate().toString(),
                        m.indicator() == null ? "" : m.indicator()))
                .toList();
        return DocumentContent.builder("科创甬江2035 重大专项项目任务书")
                .subtitle("Project task book")
                .keyValue("项目编号 Project number", p.number())
                .keyValue("项目名称 Title", p.title())
                .keyValue("项目负责人 Principal investigator", p.piName())
                .keyValue("依托单位 Lead unit", p.unitName())
                .keyValue("执行期 Period", book.startDate() + " 至 " + book.endDate())
                .keyValue("资助经费 Funding", book.budget().setScale(2, RoundingMode.HALF_UP).toPlainString() + " 万元")
                .heading("一、目标与考核指标 Objectives and indicators")
                .paragraph(book.objectives())
                .heading("二、里程碑计划 Milestones")
                .table(List.of("序号", "里程碑 Milestone", "计划完成 Due", "考核指标 Indicator"), rows, List.of(0.8, 3.0, 1.6, 3.0))
                .build();
    }
}

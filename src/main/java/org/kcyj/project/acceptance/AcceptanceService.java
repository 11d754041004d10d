package org.kcyj.project.acceptance;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;

import org.kcyj.audit.AuditLog;
import org.kcyj.document.DocumentContent;
import org.kcyj.document.DocumentRequest;
import org.kcyj.document.DocumentService;
import org.kcyj.document.DocumentTypes;
import org.kcyj.identity.UserAccount;
import org.kcyj.project.ProjectProcess;
import org.kcyj.proposal.Proposal;
import org.kcyj.proposal.ProposalRecords;
import org.kcyj.proposal.ProposalStatus;
import org.kcyj.proposal.ProposalSteps;
import org.kcyj.shared.BusinessTime;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The funded project's acceptance: the applicant applies, the manager records the conclusion (通过/结题/不通过). */
@Service
public class AcceptanceService {
    public static final String FORM_APPLY = "Form_ApplyForAcceptance";
    public static final String FORM_RECORD = "Form_RecordAcceptance";

    public record Acceptance(String selfEvaluation, Instant appliedAt, String conclusion, Instant decidedAt) {
    }

    private final JdbcClient jdbc;
    private final ProposalSteps steps;
    private final DocumentService documents;
    private final ProposalRecords proposals;
    private final AuditLog audit;
    private final String issuer;

    AcceptanceService(JdbcClient jdbc, ProposalSteps steps, DocumentService documents, ProposalRecords proposals,
                      AuditLog audit, @Value("${kcyj.issuer}") String issuer) {
        this.proposals = proposals;
        this.audit = audit;
        this.jdbc = jdbc;
        this.steps = steps;
        this.documents = documents;
        this.issuer = issuer;
    }

    @Transactional
    public Acceptance apply(UserAccount applicant, String number, Map<String, ?> input) {
        ProposalSteps.Step step = steps.openOwn(applicant, number, ProjectProcess.TASK_APPLY_FOR_ACCEPTANCE, FORM_APPLY, input);
        jdbc.sql("insert into app.acceptance (proposal_id, self_evaluation, applied_at) values (?, ?, ?)")
                .params(step.proposalId(), step.form().text("selfEvaluation"), Timestamp.from(steps.now())).update();
        steps.record(step, "ACCEPTANCE_APPLIED", ProposalStatus.ACCEPTANCE_APPLIED, null);
        steps.complete(step, Map.of());
        return acceptance(step.proposalId()).orElseThrow();
    }

    @Transactional
    public Acceptance record(UserAccount manager, String number, Map<String, ?> input) {
        ProposalSteps.Step step = steps.open(manager, number, ProjectProcess.TASK_RECORD_ACCEPTANCE, FORM_RECORD, input);
        Proposal project = step.proposal();
        String conclusion = step.form().text("conclusion");
        Instant now = steps.now();
        jdbc.sql("update app.acceptance set conclusion = ?, decided_at = ? where proposal_id = ?")
                .params(conclusion, Timestamp.from(now), project.id()).update();
        steps.decide(step, "ACCEPTANCE", conclusion, null, ProposalStatus.CLOSED);
        documents.issue(new DocumentRequest(number, DocumentTypes.YSS, issuer, project.applicant(),
                conclusionDocument(project, conclusion, step.form().text("comment"), now), "YSS:" + number));
        steps.complete(step, Map.of());
        return acceptance(project.id()).orElseThrow();
    }

    /** The project's acceptance is recorded: the audit trail notes its closing (the process's last step). */
    @Transactional
    public void archive(long proposalId) {
        audit.record("system", "PROJECT_ARCHIVED", proposals.get(proposalId).number(), "CLOSED", "CLOSED", null);
    }

    public Optional<Acceptance> acceptance(long proposalId) {
        return jdbc.sql("select self_evaluation, applied_at, conclusion, decided_at from app.acceptance where proposal_id = ?")
                .param(proposalId)
                .query((rs, i) -> new Acceptance(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getString(3),
                        rs.getTimestamp(4) == null ? null : rs.getTimestamp(4).toInstant()))
                .optional();
    }

    private DocumentContent conclusionDocument(Proposal p, String conclusion, String comment, Instant at) {
        String label = switch (conclusion) {
            case "PASSED" -> "通过 Passed";
            case "CONCLUDED" -> "结题 Concluded";
            default -> "不通过 Failed";
        };
        return DocumentContent.builder("科创甬江2035 重大专项验收意见书")
                .subtitle("Acceptance conclusion")
                .keyValue("项目编号 Project number", p.number())
                .keyValue("项目名称 Title", p.title())
                .keyValue("项目负责人 Principal investigator", p.piName())
                .keyValue("依托单位 Lead unit", p.unitName())
                .keyValue("验收结论 Conclusion", label)
                .heading("验收意见 Opinion")
                .paragraph(comment)
                .signature("验收组织单位", issuer, "日期", BusinessTime.display(at).substring(0, 10))
                .build();
    }
}

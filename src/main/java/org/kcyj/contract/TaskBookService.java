package org.kcyj.contract;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.camunda.bpm.engine.task.Task;
import org.kcyj.audit.AuditLog;
import org.kcyj.document.DocumentRequest;
import org.kcyj.document.DocumentService;
import org.kcyj.document.DocumentTypes;
import org.kcyj.form.FormValidator;
import org.kcyj.form.SubmittedForm;
import org.kcyj.identity.UserAccount;
import org.kcyj.project.ProjectProcess;
import org.kcyj.proposal.Proposal;
import org.kcyj.proposal.ProposalAccess;
import org.kcyj.proposal.ProposalStatus;
import org.kcyj.proposal.StageDecisions;
import org.kcyj.shared.DomainException;
import org.kcyj.shared.FieldProblem;
import org.kcyj.workflow.Workflow;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The contract stage's facade: the applicant drafts the task book with its milestones, the manager confirms it. */
@Service
public class TaskBookService {
    public static final String FORM_DRAFT = "Form_DraftTaskBook";
    public static final String FORM_CONFIRM = "Form_ConfirmTaskBook";

    public record TaskBook(String objectives, LocalDate startDate, LocalDate endDate, BigDecimal budget, String status,
                           List<MilestonePlan> milestones) {
    }

    public record MilestonePlan(long id, int seq, String title, LocalDate dueDate, String indicator, String status,
                                String report) {
    }

    private final JdbcClient jdbc;
    private final ProposalAccess access;
    private final FormValidator forms;
    private final Workflow workflow;
    private final StageDecisions decisions;
    private final DocumentService documents;
    private final AuditLog audit;
    private final Clock clock;
    private final String issuer;

    TaskBookService(JdbcClient jdbc, ProposalAccess access, FormValidator forms, Workflow workflow,
                    StageDecisions decisions, DocumentService documents, AuditLog audit, Clock clock,
                    @Value("${kcyj.issuer}") String issuer) {
        this.jdbc = jdbc;
        this.access = access;
        this.forms = forms;
        this.workflow = workflow;
        this.decisions = decisions;
        this.documents = documents;
        this.audit = audit;
        this.clock = clock;
        this.issuer = issuer;
    }

    /** Drafts (or redrafts after a return) the task book; at least one milestone, dates in order. */
    @Transactional
    public TaskBook draft(UserAccount applicant, String number, Map<String, ?> input) {
        Proposal project = access.readable(applicant, number);
        if (!project.applicant().equals(applicant.username())) {
            throw DomainException.notFound();
        }
        Task task = workflow.openTask(number, ProjectProcess.TASK_DRAFT_TASK_BOOK, applicant);
        SubmittedForm form = forms.validate(FORM_DRAFT, input);
        List<SubmittedForm> milestones = form.rows("milestones");
        checkPlan(form, milestones);
        Instant now = Instant.now(clock);
        jdbc.sql("delete from app.milestone where proposal_id = ?").param(project.id()).update();
        jdbc.sql("delete from app.task_book where proposal_id = ?").param(project.id()).update();
        jdbc.sql("""
                        insert into app.task_book (proposal_id, objectives, start_date, end_date, budget, status, drafted_at)
                        values (?, ?, ?, ?, ?, 'DRAFTED', ?)""")
                .params(project.id(), form.text("objectives"), form.date("startDate"), form.date("endDate"),
                        form.decimal("budget"), Timestamp.from(now)).update();
        int seq = 1;
        for (SubmittedForm m : milestones) {
            jdbc.sql("""
                            insert into app.milestone (proposal_id, seq, title, due_date, indicator, status)
                            values (?, ?, ?, ?, ?, 'PLANNED')""")
                    .params(project.id(), seq++, m.text("title"), m.date("dueDate"), m.text("indicator")).update();
        }
        audit.record(applicant.username(), "TASK_BOOK_DRAFTED", number, null, "DRAFTED", milestones.size() + " milestones");
        workflow.complete(task, Map.of());
        return taskBook(project.id()).orElseThrow();
    }

    @Transactional
    public TaskBook confirm(UserAccount manager, String number, Map<String, ?> input) {
        Proposal project = access.readable(manager, number);
        Task task = workflow.openTask(number, ProjectProcess.TASK_CONFIRM_TASK_BOOK, manager);
        SubmittedForm form = forms.validate(FORM_CONFIRM, input);
        boolean confirmed = "CONFIRM".equals(form.text("decision"));
        StageDecisions.requireReasonUnless(confirmed, form.text("comment"));
        decisions.record(manager, project, "TASK_BOOK", form.text("decision"), form.text("comment"), null,
                confirmed ? ProposalStatus.CONTRACTED : project.status());
        List<String> milestoneIds = new ArrayList<>();
        if (confirmed) {
            jdbc.sql("update app.task_book set status = 'CONFIRMED', confirmed_at = ? where proposal_id = ?")
                    .params(Timestamp.from(Instant.now(clock)), project.id()).update();
            TaskBook book = taskBook(project.id()).orElseThrow();
            book.milestones().forEach(m -> milestoneIds.add(String.valueOf(m.id())));
            documents.issue(new DocumentRequest(number, DocumentTypes.RWS, issuer, project.applicant(),
                    TaskBookDocument.of(project, book), "RWS:" + number));
        } else {
            jdbc.sql("update app.task_book set status = 'RETURNED' where proposal_id = ?").param(project.id()).update();
        }
        workflow.complete(task, Map.of(ProjectProcess.VAR_TASK_BOOK_CONFIRMED, confirmed,
                ProjectProcess.VAR_MILESTONES, milestoneIds));
        return taskBook(project.id()).orElseThrow();
    }

    public Optional<TaskBook> taskBook(long proposalId) {
        List<MilestonePlan> milestones = milestones(proposalId);
        return jdbc.sql("select objectives, start_date, end_date, budget, status from app.task_book where proposal_id = ?")
                .param(proposalId)
                .query((rs, i) -> new TaskBook(rs.getString(1), rs.getObject(2, LocalDate.class),
                        rs.getObject(3, LocalDate.class), rs.getBigDecimal(4), rs.getString(5), milestones))
                .optional();
    }

    public List<MilestonePlan> milestones(long proposalId) {
        return jdbc.sql("select id, seq, title, due_date, indicator, status, report from app.milestone where proposal_id = ? order by seq")
                .param(proposalId)
                .query((rs, i) -> new MilestonePlan(rs.getLong(1), rs.getInt(2), rs.getString(3),
                        rs.getObject(4, LocalDate.class), rs.getString(5), rs.getString(6), rs.getString(7)))
                .list();
    }

    private static void checkPlan(SubmittedForm form, List<SubmittedForm> milestones) {
        List<FieldProblem> problems = new ArrayList<>();
        LocalDate start = form.date("startDate");
        LocalDate end = form.date("endDate");
        if (!end.isAfter(start)) {
            problems.add(new FieldProblem("endDate", "validation.end-after-start"));
        }
        if (milestones.isEmpty()) {
            problems.add(new FieldProblem("milestones", "validation.milestone-required"));
        }
        for (int i = 0; i < milestones.size(); i++) {
            LocalDate due = milestones.get(i).date("dueDate");
            if (due != null && (due.isBefore(start) || due.isAfter(end))) {
                problems.add(new FieldProblem("milestones[" + i + "].dueDate", "validation.milestone-in-period"));
            }
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
    }
}

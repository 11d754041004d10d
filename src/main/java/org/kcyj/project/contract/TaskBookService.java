package org.kcyj.project.contract;

import java.math.BigDecimal;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.kcyj.call.CallService;
import org.kcyj.award.FundingService;
import org.kcyj.document.DocumentRequest;
import org.kcyj.document.DocumentService;
import org.kcyj.document.DocumentTypes;
import org.kcyj.form.SubmittedForm;
import org.kcyj.identity.UserAccount;
import org.kcyj.project.ProjectProcess;
import org.kcyj.proposal.Proposal;
import org.kcyj.programme.ProgrammeParameters;
import org.kcyj.proposal.ProposalService;
import org.kcyj.proposal.ProposalStatus;
import org.kcyj.proposal.ProposalSteps;
import org.kcyj.shared.BusinessTime;
import org.kcyj.shared.DomainException;
import org.kcyj.shared.FieldProblem;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The funded project's task book (合同/任务书): the applicant drafts the task book with its milestones, the manager confirms it. */
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
    private final FundingService funding;
    private final ProposalService proposalService;
    private final CallService calls;
    private final ProgrammeParameters parameters;
    private final ProposalSteps steps;
    private final DocumentService documents;
    private final Clock clock;
    private final String issuer;

    TaskBookService(JdbcClient jdbc, FundingService funding, ProposalService proposalService, CallService calls,
                    ProgrammeParameters parameters, ProposalSteps steps, DocumentService documents,
                    Clock clock, @Value("${kcyj.issuer}") String issuer) {
        this.jdbc = jdbc;
        this.funding = funding;
        this.proposalService = proposalService;
        this.calls = calls;
        this.parameters = parameters;
        this.steps = steps;
        this.documents = documents;
        this.clock = clock;
        this.issuer = issuer;
    }

    /** Drafts (or redrafts after a return) the task book; at least one milestone, dates in order. */
    @Transactional
    public TaskBook draft(UserAccount applicant, String number, Map<String, ?> input) {
        ProposalSteps.Step step = steps.openOwn(applicant, number, ProjectProcess.TASK_DRAFT_TASK_BOOK, FORM_DRAFT, input);
        Proposal project = step.proposal();
        SubmittedForm form = step.form();
        List<SubmittedForm> milestones = form.rows("milestones");
        BigDecimal approved = funding.proposedAmount(project.id()).orElse(null);
        List<FieldProblem> problems = new ArrayList<>(period(project, form));
        checkPlan(form, milestones, approved, problems);
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
        steps.record(step, "TASK_BOOK_DRAFTED", null, milestones.size() + " milestones");
        steps.complete(step, Map.of());
        return taskBook(project.id()).orElseThrow();
    }

    @Transactional
    public TaskBook confirm(UserAccount manager, String number, Map<String, ?> input) {
        ProposalSteps.Step step = steps.open(manager, number, ProjectProcess.TASK_CONFIRM_TASK_BOOK, FORM_CONFIRM, input);
        Proposal project = step.proposal();
        boolean confirmed = "CONFIRM".equals(step.form().text("decision"));
        ProposalSteps.requireReasonUnless(confirmed, step);
        steps.decide(step, "TASK_BOOK", step.form().text("decision"), null,
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
        steps.complete(step, Map.of(ProjectProcess.VAR_TASK_BOOK_CONFIRMED, confirmed,
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

    /**
     * The project period is tied to the decision and the application: it starts within
     * task-book.start-window-days before or after the director's funding approval, and it ends no later than
     * the duration the application asked for (and never beyond project.max-months).
     */
    private List<FieldProblem> period(Proposal project, SubmittedForm form) {
        List<FieldProblem> problems = new ArrayList<>();
        long programme = calls.get(project.callId()).programmeId();
        LocalDate start = form.date("startDate");
        LocalDate end = form.date("endDate");
        int window = parameters.integer(programme, ProgrammeParameters.TASK_BOOK_START_DAYS);
        LocalDate approvedOn = funding.approvedAt(project.id())
                .map(at -> LocalDate.ofInstant(at, BusinessTime.ZONE))
                .orElse(LocalDate.now(clock.withZone(BusinessTime.ZONE)));
        LocalDate earliest = approvedOn.minusDays(window);
        LocalDate latest = approvedOn.plusDays(window);
        if (start.isBefore(earliest) || start.isAfter(latest)) {
            problems.add(new FieldProblem("startDate", "validation.task-book-start", earliest.toString(),
                    latest.toString(), window));
        }
        int maxMonths = parameters.integer(programme, ProgrammeParameters.PROJECT_MAX_MONTHS);
        int months = Math.min(maxMonths, proposalService.submittedDurationMonths(project).orElse(maxMonths));
        LocalDate lastEnd = start.plusMonths(months);
        if (end.isAfter(lastEnd)) {
            problems.add(new FieldProblem("endDate", "validation.task-book-duration", lastEnd.toString(), months));
        }
        return problems;
    }

    private static void checkPlan(SubmittedForm form, List<SubmittedForm> milestones, BigDecimal approved,
                                  List<FieldProblem> problems) {
        if (approved != null && form.decimal("budget").compareTo(approved) > 0) {
            problems.add(new FieldProblem("budget", "validation.budget-over-approved", approved.toPlainString()));
        }
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

package org.kcyj.execution;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;

import org.camunda.bpm.engine.task.Task;
import org.kcyj.audit.AuditLog;
import org.kcyj.contract.TaskBookService;
import org.kcyj.form.FormValidator;
import org.kcyj.form.SubmittedForm;
import org.kcyj.identity.UserAccount;
import org.kcyj.project.ProjectProcess;
import org.kcyj.proposal.Proposal;
import org.kcyj.proposal.ProposalAccess;
import org.kcyj.proposal.StageDecisions;
import org.kcyj.shared.DomainException;
import org.kcyj.workflow.Workflow;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The execution stage's facade: the applicant reports on the milestone that is due, the manager
 * passes it or asks for rectification. Milestones come one at a time, in the task book's order.
 */
@Service
public class MilestoneService {
    public static final String FORM_REPORT = "Form_ReportMilestone";
    public static final String FORM_CHECK = "Form_CheckMilestone";

    private final JdbcClient jdbc;
    private final ProposalAccess access;
    private final TaskBookService taskBooks;
    private final FormValidator forms;
    private final Workflow workflow;
    private final StageDecisions decisions;
    private final AuditLog audit;
    private final Clock clock;

    MilestoneService(JdbcClient jdbc, ProposalAccess access, TaskBookService taskBooks, FormValidator forms,
                     Workflow workflow, StageDecisions decisions, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.access = access;
        this.taskBooks = taskBooks;
        this.forms = forms;
        this.workflow = workflow;
        this.decisions = decisions;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public TaskBookService.MilestonePlan report(UserAccount applicant, String number, int seq, Map<String, ?> input) {
        Proposal project = access.readable(applicant, number);
        if (!project.applicant().equals(applicant.username())) {
            throw DomainException.notFound();
        }
        TaskBookService.MilestonePlan milestone = milestone(project, seq);
        Task task = dueTask(number, ProjectProcess.TASK_REPORT_MILESTONE, applicant, milestone);
        SubmittedForm form = forms.validate(FORM_REPORT, input);
        jdbc.sql("update app.milestone set report = ?, reported_at = ?, status = 'REPORTED' where id = ?")
                .params(form.text("report"), Timestamp.from(Instant.now(clock)), milestone.id()).update();
        audit.record(applicant.username(), "MILESTONE_REPORTED", number, milestone.status(), "REPORTED", "milestone " + seq);
        workflow.complete(task, Map.of());
        return milestone(project, seq);
    }

    @Transactional
    public TaskBookService.MilestonePlan check(UserAccount manager, String number, int seq, Map<String, ?> input) {
        Proposal project = access.readable(manager, number);
        TaskBookService.MilestonePlan milestone = milestone(project, seq);
        Task task = dueTask(number, ProjectProcess.TASK_CHECK_MILESTONE, manager, milestone);
        SubmittedForm form = forms.validate(FORM_CHECK, input);
        boolean passed = "PASS".equals(form.text("decision"));
        StageDecisions.requireReasonUnless(passed, form.text("comment"));
        jdbc.sql("update app.milestone set status = ?, checked_at = ? where id = ?")
                .params(passed ? "PASSED" : "RECTIFY", Timestamp.from(Instant.now(clock)), milestone.id()).update();
        decisions.record(manager, project, "MILESTONE_" + seq, form.text("decision"), form.text("comment"), null,
                project.status());
        workflow.complete(task, Map.of(ProjectProcess.VAR_MILESTONE_PASSED, passed));
        return milestone(project, seq);
    }

    private TaskBookService.MilestonePlan milestone(Proposal project, int seq) {
        return taskBooks.milestones(project.id()).stream().filter(m -> m.seq() == seq).findFirst()
                .orElseThrow(DomainException::notFound);
    }

    /** The open task of this step must be for this milestone; otherwise it is not its turn (409). */
    private Task dueTask(String number, String taskKey, UserAccount user, TaskBookService.MilestonePlan milestone) {
        Task task = workflow.openTask(number, taskKey, user);
        Object current = workflow.localVariable(task, ProjectProcess.VAR_MILESTONE_ID);
        if (current == null || !current.toString().equals(String.valueOf(milestone.id()))) {
            throw DomainException.conflict("error.milestone-not-due");
        }
        return task;
    }
}

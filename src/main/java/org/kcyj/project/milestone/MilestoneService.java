package org.kcyj.project.milestone;

import java.sql.Timestamp;
import java.util.Map;

import org.kcyj.project.contract.TaskBookService;
import org.kcyj.identity.UserAccount;
import org.kcyj.project.ProjectProcess;
import org.kcyj.proposal.Proposal;
import org.kcyj.proposal.ProposalSteps;
import org.kcyj.shared.DomainException;
import org.kcyj.workflow.OpenTask;
import org.kcyj.workflow.Workflow;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The funded project's milestones: the applicant reports on the milestone that is due, the manager
 * passes it or asks for rectification. Milestones come one at a time, in the task book's order.
 */
@Service
public class MilestoneService {
    public static final String FORM_REPORT = "Form_ReportMilestone";
    public static final String FORM_CHECK = "Form_CheckMilestone";

    private final JdbcClient jdbc;
    private final ProposalSteps steps;
    private final TaskBookService taskBooks;
    private final Workflow workflow;

    MilestoneService(JdbcClient jdbc, ProposalSteps steps, TaskBookService taskBooks, Workflow workflow) {
        this.jdbc = jdbc;
        this.steps = steps;
        this.taskBooks = taskBooks;
        this.workflow = workflow;
    }

    @Transactional
    public TaskBookService.MilestonePlan report(UserAccount applicant, String number, int seq, Map<String, ?> input) {
        ProposalSteps.Step step = steps.openOwn(applicant, number, ProjectProcess.TASK_REPORT_MILESTONE, FORM_REPORT, input);
        TaskBookService.MilestonePlan milestone = due(step, seq);
        jdbc.sql("update app.milestone set report = ?, reported_at = ?, status = 'REPORTED' where id = ?")
                .params(step.form().text("report"), Timestamp.from(steps.now()), milestone.id()).update();
        steps.record(step, "MILESTONE_REPORTED", null, "milestone " + seq);
        steps.complete(step, Map.of());
        return milestone(step.proposal(), seq);
    }

    @Transactional
    public TaskBookService.MilestonePlan check(UserAccount manager, String number, int seq, Map<String, ?> input) {
        ProposalSteps.Step step = steps.open(manager, number, ProjectProcess.TASK_CHECK_MILESTONE, FORM_CHECK, input);
        TaskBookService.MilestonePlan milestone = due(step, seq);
        boolean passed = "PASS".equals(step.form().text("decision"));
        ProposalSteps.requireReasonUnless(passed, step);
        jdbc.sql("update app.milestone set status = ?, checked_at = ? where id = ?")
                .params(passed ? "PASSED" : "RECTIFY", Timestamp.from(steps.now()), milestone.id()).update();
        steps.decide(step, "MILESTONE_" + seq, step.form().text("decision"), null, step.proposal().status());
        steps.complete(step, Map.of(ProjectProcess.VAR_MILESTONE_PASSED, passed));
        return milestone(step.proposal(), seq);
    }

    /**
     * The number (seq) of the milestone an open report or check task of the project works on, for the portal's
     * task page (the task id was already checked against the user); 404 when the task or milestone is gone.
     */
    public int dueSeq(String taskId, long proposalId) {
        OpenTask task = workflow.task(taskId);
        Object id = task == null ? null : workflow.localVariable(task, ProjectProcess.VAR_MILESTONE_ID);
        return taskBooks.milestones(proposalId).stream()
                .filter(m -> String.valueOf(m.id()).equals(String.valueOf(id)))
                .findFirst().orElseThrow(DomainException::notFound).seq();
    }

    private TaskBookService.MilestonePlan milestone(Proposal project, int seq) {
        return taskBooks.milestones(project.id()).stream().filter(m -> m.seq() == seq).findFirst()
                .orElseThrow(DomainException::notFound);
    }

    /** The open task of this step must be for this milestone; otherwise it is not its turn (409). */
    private TaskBookService.MilestonePlan due(ProposalSteps.Step step, int seq) {
        TaskBookService.MilestonePlan milestone = milestone(step.proposal(), seq);
        Object current = workflow.localVariable(step.task(), ProjectProcess.VAR_MILESTONE_ID);
        if (current == null || !current.toString().equals(String.valueOf(milestone.id()))) {
            throw DomainException.conflict("error.milestone-not-due");
        }
        return milestone;
    }
}

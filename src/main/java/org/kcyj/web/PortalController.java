package org.kcyj.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.kcyj.call.CallService;
import org.kcyj.award.FundingService;
import org.kcyj.form.FormDefinition;
import org.kcyj.form.FormDefinitions;
import org.kcyj.form.FormField;
import org.kcyj.identity.CurrentUser;
import org.kcyj.identity.UserAccount;
import org.kcyj.proposal.Proposal;
import org.kcyj.proposal.ProposalService;
import org.kcyj.shared.DomainException;
import org.kcyj.shared.ProblemResponses;
import org.kcyj.workflow.WorkTask;
import org.kcyj.workflow.Workflow;
import org.springframework.security.core.Authentication;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jakarta.servlet.http.HttpServletResponse;

/** The server-rendered portal: home, inbox, calls, proposals and one generic page per task. */
@Controller
class PortalController {
    private final CallService calls;
    private final ProposalService proposals;
    private final FundingService funding;
    private final ProposalOverview overview;
    private final Workflow workflow;
    private final PortalSteps steps;
    private final FormDefinitions forms;
    private final ProblemResponses problems;
    private final CurrentUser currentUser;
    private final org.kcyj.workflow.Timers timers;
    private final org.kcyj.review.InvitationService invitations;
    private final org.kcyj.review.PanelService panels;

    PortalController(CallService calls, ProposalService proposals, FundingService funding, ProposalOverview overview,
                     Workflow workflow, PortalSteps steps, FormDefinitions forms, ProblemResponses problems,
                     CurrentUser currentUser, org.kcyj.workflow.Timers timers,
                     org.kcyj.review.InvitationService invitations, org.kcyj.review.PanelService panels) {
        this.panels = panels;
        this.timers = timers;
        this.invitations = invitations;
        this.calls = calls;
        this.proposals = proposals;
        this.funding = funding;
        this.overview = overview;
        this.workflow = workflow;
        this.steps = steps;
        this.forms = forms;
        this.problems = problems;
        this.currentUser = currentUser;
    }

    @GetMapping("/")
    String home(Model model) {
        model.addAttribute("calls", calls.published());
        model.addAttribute("notices", funding.openNotices());
        return "index";
    }

    @GetMapping("/login")
    String login() {
        return "login";
    }

    @GetMapping("/portal/inbox")
    String inbox(Model model) {
        UserAccount user = currentUser.get();
        model.addAttribute("tasks", workflow.inbox(user));
        return "portal/inbox";
    }

    @PostMapping("/portal/calls/{callId}/proposals")
    String apply(@PathVariable long callId) {
        Proposal draft = proposals.startDraft(currentUser.get(), callId, Map.of());
        return "redirect:/portal/proposals/" + draft.number();
    }

    @GetMapping("/portal/proposals")
    String proposals(Model model) {
        model.addAttribute("proposals", proposals.visibleTo(currentUser.get()));
        return "portal/proposals";
    }

    @GetMapping("/portal/proposals/{number}")
    String proposal(@PathVariable String number, Model model, Authentication authentication) {
        model.addAttribute("view", overview.of(currentUser.get(), authentication, number));
        return "portal/proposal";
    }

    @GetMapping("/portal/tasks/{taskId}")
    String task(@PathVariable String taskId, Model model) {
        UserAccount user = currentUser.get();
        WorkTask task = workflow.describeFor(taskId, user).orElseThrow(DomainException::notFound);
        PortalSteps.Step step = steps.step(task);
        taskModel(model, user, task, step, steps.initialValues(user, task), Map.of());
        return "portal/task";
    }

    @PostMapping("/portal/tasks/{taskId}")
    String completeTask(@PathVariable String taskId, @RequestParam MultiValueMap<String, String> params,
                        @RequestParam(name = "_action", defaultValue = "complete") String action, Model model,
                        RedirectAttributes redirect, HttpServletResponse response) {
        UserAccount user = currentUser.get();
        WorkTask task = workflow.describeFor(taskId, user).orElseThrow(() -> DomainException.conflict("error.stage"));
        PortalSteps.Step step = steps.step(task);
        Map<String, Object> input = PortalForms.read(forms.get(step.formId()), params);
        try {
            if ("save".equals(action) && step.draft() != null) {
                step.draft().perform(user, task, input);
                redirect.addFlashAttribute("message", "portal.draft-saved");
                return "redirect:/portal/tasks/" + taskId;
            }
            step.action().perform(user, task, input);
            redirect.addFlashAttribute("message", "portal.step-done");
            return "redirect:/portal/inbox";
        } catch (DomainException e) {
            response.setStatus(e.status().value());
            model.addAttribute("error", problems.of(e).getDetail());
            Map<String, Object> shown = new HashMap<>(steps.initialValues(user, task));
            shown.putAll(input);
            taskModel(model, user, task, step, shown, problems.byField(e));
            return "portal/task";
        }
    }

    @GetMapping("/portal/admin/timers")
    @org.springframework.security.access.prepost.PreAuthorize("hasRole('ADMIN')")
    String timers(Model model) {
        model.addAttribute("timers", workflow.timers(null));
        return "portal/timers";
    }

    @PostMapping("/portal/admin/timers/{id}")
    @org.springframework.security.access.prepost.PreAuthorize("hasRole('ADMIN')")
    String fireTimer(@PathVariable String id, RedirectAttributes redirect) {
        timers.fire(currentUser.get(), id);
        redirect.addFlashAttribute("message", "portal.timer-fired");
        return "redirect:/portal/admin/timers";
    }



    private void taskModel(Model model, UserAccount user, WorkTask task, PortalSteps.Step step,
                           Map<String, Object> values, Map<String, String> errors) {
        model.addAttribute("task", task);
        overview.find(user, org.springframework.security.core.context.SecurityContextHolder.getContext().getAuthentication(),
                task.businessKey()).ifPresent(v -> model.addAttribute("view", v));
        model.addAttribute("isDraftStep", step.draft() != null);
        model.addAttribute("isApplicationStep", PortalSteps.isApplicationStep(task));
        if (task.taskKey().equals(org.kcyj.review.PanelService.TASK_VOTE)) {
            model.addAttribute("panel", panels.get(user, PortalSteps.panelId(task)));
        }
        if (task.taskKey().equals(org.kcyj.review.PeerReviewProcess.TASK_RESPOND)) {
            model.addAttribute("invitation", invitations.summary(user, task.businessKey()));
        }
        formModel(model, forms.get(step.formId()), values, errors, steps.choices(user, task));
    }

    private void formModel(Model model, FormDefinition form, Map<String, Object> values, Map<String, String> errors,
                           Map<String, List<FormField.Option>> choices) {
        model.addAttribute("form", form);
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        model.addAttribute("choices", choices);
    }

}

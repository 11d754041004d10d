package org.kcyj.web;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import org.kcyj.call.CallProcess;
import org.kcyj.call.CallService;
import org.kcyj.call.CallStatus;
import org.kcyj.call.Demand;
import org.kcyj.call.DemandService;
import org.kcyj.call.GuideService;
import org.kcyj.call.ProgrammeCall;
import org.kcyj.call.Topic;
import org.kcyj.call.TopicService;
import org.kcyj.form.FormDefinition;
import org.kcyj.form.FormDefinitions;
import org.kcyj.form.FormField;
import org.kcyj.identity.CurrentUser;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserAccount;
import org.kcyj.shared.DomainException;
import org.kcyj.shared.ProblemResponses;
import org.kcyj.workflow.WorkTask;
import org.kcyj.workflow.Workflow;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

/**
 * The portal's pages of the call stage: calls and their configuration, the manager's workspace
 * (demands, topics, guide), the director's approval, demand owners' demands, and the public guide.
 * Every act goes through the stage's facades, as the REST API does.
 */
@Controller
class CallPortalController {
    private final CallService calls;
    private final TopicService topics;
    private final DemandService demands;
    private final GuideService guides;
    private final FormDefinitions forms;
    private final ProblemResponses problems;
    private final CurrentUser currentUser;

    CallPortalController(CallService calls, TopicService topics, DemandService demands, GuideService guides,
                         FormDefinitions forms, ProblemResponses problems, CurrentUser currentUser) {
        this.calls = calls;
        this.topics = topics;
        this.demands = demands;
        this.guides = guides;
        this.forms = forms;
        this.problems = problems;
        this.currentUser = currentUser;
    }

    // ------------------------------------------------------------------ calls

    @GetMapping("/portal/calls")
    String calls(Model model) {
        UserAccount user = currentUser.get();
        Map<String, Object> values = new HashMap<>();
        values.put("mode", "COMPETITIVE");
        return callsPage(model, user, values, Map.of());
    }

    @PostMapping("/portal/calls")
    String createCall(@RequestParam MultiValueMap<String, String> params, Model model, RedirectAttributes redirect,
                      HttpServletResponse response) {
        UserAccount user = currentUser.get();
        Map<String, Object> input = PortalForms.read(forms.get(CallService.FORM_CREATE), params);
        try {
            ProgrammeCall call = calls.create(user, input);
            redirect.addFlashAttribute("message", "call.portal.created");
            return "redirect:/portal/calls/" + call.id();
        } catch (DomainException e) {
            refusal(model, response, e);
            return callsPage(model, user, input, problems.byField(e));
        }
    }

    private String callsPage(Model model, UserAccount user, Map<String, Object> values, Map<String, String> errors) {
        model.addAttribute("calls", calls.visibleTo(user));
        if (user.has(Role.PROGRAM_MANAGER)) {
            form(model, "", forms.get(CallService.FORM_CREATE), values, errors, calls.createChoices(user));
        }
        return "portal/calls";
    }

    @GetMapping("/portal/calls/{id}/edit")
    String editCall(@PathVariable long id, Model model) {
        UserAccount user = currentUser.get();
        ProgrammeCall call = staffCall(user, id);
        form(model, "", forms.get(CallService.FORM_CREATE), calls.values(call), Map.of(), calls.createChoices(user));
        model.addAttribute("call", call);
        return "portal/call-edit";
    }

    @PostMapping("/portal/calls/{id}/edit")
    String updateCall(@PathVariable long id, @RequestParam MultiValueMap<String, String> params, Model model,
                      RedirectAttributes redirect, HttpServletResponse response) {
        UserAccount user = currentUser.get();
        ProgrammeCall call = staffCall(user, id);
        Map<String, Object> input = PortalForms.read(forms.get(CallService.FORM_CREATE), params);
        try {
            calls.update(user, id, input);
            redirect.addFlashAttribute("message", "call.portal.saved");
            return "redirect:/portal/calls/" + id;
        } catch (DomainException e) {
            refusal(model, response, e);
            Map<String, Object> shown = new HashMap<>(calls.values(call));
            shown.putAll(input);
            form(model, "", forms.get(CallService.FORM_CREATE), shown, problems.byField(e), calls.createChoices(user));
            model.addAttribute("call", call);
            return "portal/call-edit";
        }
    }

    // ------------------------------------------------------------------ the manager's workspace

    @GetMapping("/portal/calls/{id}")
    String workspace(@PathVariable long id, Model model) {
        UserAccount user = currentUser.get();
        ProgrammeCall call = staffCall(user, id);
        Map<String, Object> guideValues = new HashMap<>();
        guides.guide(user, id).ifPresent(g -> {
            guideValues.put("intro", g.intro());
            guideValues.put("eligibility", g.eligibility());
            guideValues.put("contacts", g.contacts());
        });
        return workspacePage(model, user, call, guideValues, Map.of());
    }

    @PostMapping("/portal/calls/{id}/guide")
    String submitGuide(@PathVariable long id, @RequestParam MultiValueMap<String, String> params, Model model,
                       RedirectAttributes redirect, HttpServletResponse response) {
        UserAccount user = currentUser.get();
        ProgrammeCall call = staffCall(user, id);
        Map<String, Object> input = PortalForms.read(forms.get(GuideService.FORM_DRAFT), params);
        try {
            guides.submit(user, id, input);
            redirect.addFlashAttribute("message", "call.portal.guide-submitted");
            return "redirect:/portal/calls/" + id;
        } catch (DomainException e) {
            refusal(model, response, e);
            return workspacePage(model, user, call, input, problems.byField(e));
        }
    }

    @PostMapping("/portal/demands/{number}/adoption")
    String adopt(@PathVariable String number, @RequestParam MultiValueMap<String, String> params,
                 RedirectAttributes redirect) {
        return decide(number, redirect, () -> demands.adopt(currentUser.get(), number,
                PortalForms.read(forms.get(DemandService.FORM_ADOPT), params)), "call.portal.demand-adopted");
    }

    @PostMapping("/portal/demands/{number}/rejection")
    String reject(@PathVariable String number, @RequestParam MultiValueMap<String, String> params,
                  RedirectAttributes redirect) {
        return decide(number, redirect, () -> demands.reject(currentUser.get(), number,
                PortalForms.read(forms.get(DemandService.FORM_REJECT), params)), "call.portal.demand-rejected");
    }

    /** A decision on a demand from the workspace; a refusal is shown there, next to the demand. */
    private String decide(String number, RedirectAttributes redirect, Runnable act, String done) {
        UserAccount user = currentUser.get();
        if (!user.has(Role.PROGRAM_MANAGER)) {
            throw DomainException.forbidden();
        }
        Demand demand = demands.readable(user, number);
        try {
            act.run();
            redirect.addFlashAttribute("message", done);
        } catch (DomainException e) {
            redirect.addFlashAttribute("error", e.fieldProblems().isEmpty() ? problems.of(e).getDetail()
                    : number + "：" + String.join(" ", problems.byField(e).values()));
            redirect.addFlashAttribute("errorDemand", number);
        }
        return "redirect:/portal/calls/" + demand.callId() + "#demands";
    }

    private String workspacePage(Model model, UserAccount user, ProgrammeCall call, Map<String, Object> guideValues,
                                 Map<String, String> guideErrors) {
        model.addAttribute("call", call);
        model.addAttribute("demands", demands.ofCall(user, call.id()));
        model.addAttribute("topics", calls.topics(call.id()));
        model.addAttribute("topicChoices", demands.adoptChoices(call.id()).get("topics"));
        model.addAttribute("readiness", guides.readiness(user, call.id()));
        model.addAttribute("guide", guides.guide(user, call.id()).orElse(null));
        model.addAttribute("isManager", user.has(Role.PROGRAM_MANAGER));
        form(model, "", forms.get(GuideService.FORM_DRAFT), guideValues, guideErrors, Map.of());
        return "portal/call-workspace";
    }

    // ------------------------------------------------------------------ topics

    @GetMapping("/portal/calls/{id}/topics/new")
    String newTopic(@PathVariable long id, Model model) {
        UserAccount user = currentUser.get();
        ProgrammeCall call = staffCall(user, id);
        return topicPage(model, call, null, Map.of(), Map.of());
    }

    @PostMapping("/portal/calls/{id}/topics")
    String createTopic(@PathVariable long id, @RequestParam MultiValueMap<String, String> params, Model model,
                       RedirectAttributes redirect, HttpServletResponse response) {
        UserAccount user = currentUser.get();
        ProgrammeCall call = staffCall(user, id);
        Map<String, Object> input = PortalForms.read(forms.get(TopicService.FORM), params);
        try {
            topics.create(user, id, input);
            redirect.addFlashAttribute("message", "call.portal.topic-saved");
            return "redirect:/portal/calls/" + id + "#topics";
        } catch (DomainException e) {
            refusal(model, response, e);
            return topicPage(model, call, null, input, problems.byField(e));
        }
    }

    @GetMapping("/portal/calls/{id}/topics/{topicId}")
    String editTopic(@PathVariable long id, @PathVariable long topicId, Model model) {
        UserAccount user = currentUser.get();
        ProgrammeCall call = staffCall(user, id);
        Topic topic = topics.get(user, id, topicId);
        return topicPage(model, call, topic, topics.values(topic), Map.of());
    }

    @PostMapping("/portal/calls/{id}/topics/{topicId}")
    String updateTopic(@PathVariable long id, @PathVariable long topicId,
                       @RequestParam MultiValueMap<String, String> params, Model model, RedirectAttributes redirect,
                       HttpServletResponse response) {
        UserAccount user = currentUser.get();
        ProgrammeCall call = staffCall(user, id);
        Topic topic = topics.get(user, id, topicId);
        Map<String, Object> input = PortalForms.read(forms.get(TopicService.FORM), params);
        try {
            topics.update(user, id, topicId, input);
            redirect.addFlashAttribute("message", "call.portal.topic-saved");
            return "redirect:/portal/calls/" + id + "#topics";
        } catch (DomainException e) {
            refusal(model, response, e);
            return topicPage(model, call, topic, input, problems.byField(e));
        }
    }

    @PostMapping("/portal/calls/{id}/topics/{topicId}/deletion")
    String deleteTopic(@PathVariable long id, @PathVariable long topicId, RedirectAttributes redirect) {
        topics.delete(currentUser.get(), id, topicId);
        redirect.addFlashAttribute("message", "call.portal.topic-deleted");
        return "redirect:/portal/calls/" + id + "#topics";
    }

    private String topicPage(Model model, ProgrammeCall call, Topic topic, Map<String, Object> values,
                             Map<String, String> errors) {
        model.addAttribute("call", call);
        model.addAttribute("topic", topic);
        form(model, "", forms.get(TopicService.FORM), values, errors, topics.choices(call.id()));
        return "portal/call-topic";
    }

    // ------------------------------------------------------------------ the director's approval

    @GetMapping("/portal/calls/{id}/approval")
    String approval(@PathVariable long id, Model model) {
        return approvalPage(model, currentUser.get(), id, Map.of(), Map.of());
    }

    @PostMapping("/portal/calls/{id}/approval")
    String decideGuide(@PathVariable long id, @RequestParam MultiValueMap<String, String> params, Model model,
                       RedirectAttributes redirect, HttpServletResponse response) {
        UserAccount user = currentUser.get();
        Map<String, Object> input = PortalForms.read(forms.get(GuideService.FORM_APPROVE), params);
        try {
            ProgrammeCall call = guides.decide(user, id, input);
            redirect.addFlashAttribute("message", call.status() == CallStatus.DRAFT
                    ? "call.portal.guide-returned" : "call.portal.guide-approved");
            return "redirect:/portal/calls/" + id + "/approval";
        } catch (DomainException e) {
            refusal(model, response, e);
            return approvalPage(model, user, id, input, problems.byField(e));
        }
    }

    private String approvalPage(Model model, UserAccount user, long id, Map<String, Object> values,
                                Map<String, String> errors) {
        GuideService.PublishedGuide preview = guides.preview(user, id);
        model.addAttribute("view", preview);
        model.addAttribute("call", preview.call());
        model.addAttribute("guide", guides.guide(user, id).orElse(null));
        model.addAttribute("canDecide", user.has(Role.DIRECTOR) && preview.call().status() == CallStatus.PENDING_APPROVAL);
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        return "portal/call-approval";
    }

    // ------------------------------------------------------------------ demands

    @GetMapping("/portal/demands")
    String demandList(Model model) {
        UserAccount user = currentUser.get();
        model.addAttribute("demands", demands.visibleTo(user));
        model.addAttribute("collecting", calls.visibleTo(user).stream()
                .filter(c -> c.status() == CallStatus.COLLECTING).toList());
        model.addAttribute("isOwner", user.has(Role.DEMAND_OWNER));
        return "portal/demands";
    }

    @GetMapping("/portal/calls/{id}/demands/new")
    String newDemand(@PathVariable long id, Model model) {
        UserAccount user = currentUser.get();
        requireOwner(user);
        ProgrammeCall call = calls.readableBy(user, id);
        demands.requireCollecting(call);
        return demandPage(model, call, Map.of(), Map.of());
    }

    @PostMapping("/portal/calls/{id}/demands")
    String submitDemand(@PathVariable long id, @RequestParam MultiValueMap<String, String> params, Model model,
                        RedirectAttributes redirect, HttpServletResponse response) {
        UserAccount user = currentUser.get();
        requireOwner(user);
        ProgrammeCall call = calls.readableBy(user, id);
        Map<String, Object> input = PortalForms.read(forms.get(DemandService.FORM_SUBMIT), params);
        try {
            Demand demand = demands.submit(user, id, input);
            redirect.addFlashAttribute("message", "call.portal.demand-submitted");
            return "redirect:/portal/demands/" + demand.number();
        } catch (DomainException e) {
            refusal(model, response, e);
            return demandPage(model, call, input, problems.byField(e));
        }
    }

    private String demandPage(Model model, ProgrammeCall call, Map<String, Object> values, Map<String, String> errors) {
        model.addAttribute("call", call);
        form(model, "", forms.get(DemandService.FORM_SUBMIT), values, errors, Map.of());
        return "portal/demand-new";
    }

    @GetMapping("/portal/demands/{number}")
    String demand(@PathVariable String number, Model model) {
        UserAccount user = currentUser.get();
        model.addAttribute("demand", demands.readable(user, number));
        model.addAttribute("isOwner", user.has(Role.DEMAND_OWNER));
        return "portal/demand";
    }

    @PostMapping("/portal/demands/{number}/withdrawal")
    String withdraw(@PathVariable String number, @RequestParam MultiValueMap<String, String> params,
                    RedirectAttributes redirect) {
        demands.withdraw(currentUser.get(), number, PortalForms.read(forms.get(DemandService.FORM_WITHDRAW), params));
        redirect.addFlashAttribute("message", "call.portal.demand-withdrawn");
        return "redirect:/portal/demands/" + number;
    }

    // ------------------------------------------------------------------ the public guide

    @GetMapping("/guides/{id}")
    String guide(@PathVariable long id, Model model) {
        model.addAttribute("view", guides.published(id));
        return "guide";
    }

    @GetMapping("/guides/{id}/pdf")
    ResponseEntity<byte[]> guidePdf(@PathVariable long id) {
        GuideService.PublishedGuide guide = guides.published(id);
        byte[] pdf = guides.pdf(id);
        return ResponseEntity.ok()
                .contentType(MediaType.APPLICATION_PDF)
                .contentLength(pdf.length)
                .header(HttpHeaders.CONTENT_DISPOSITION,
                        ContentDisposition.inline().filename(guide.documentNumber() + ".pdf").build().toString())
                .cacheControl(CacheControl.noCache())
                .body(pdf);
    }

    // ------------------------------------------------------------------ helpers



    private ProgrammeCall staffCall(UserAccount user, long id) {
        if (!user.has(Role.PROGRAM_MANAGER) && !user.has(Role.DIRECTOR) && !user.has(Role.ADMIN)) {
            throw DomainException.forbidden();
        }
        ProgrammeCall call = calls.get(id);
        if (!calls.staffReads(user, call)) {
            throw DomainException.notFound(); // another programme's call, for a manager scoped to theirs
        }
        return call;
    }

    private static void requireOwner(UserAccount user) {
        if (!user.has(Role.DEMAND_OWNER)) {
            throw DomainException.forbidden();
        }
    }

    /** A refusal shown on the page it came from: 400 next to the fields, 409 as an alert. */
    private void refusal(Model model, HttpServletResponse response, DomainException e) {
        response.setStatus(e.status().value());
        model.addAttribute("error", problems.of(e).getDetail());
    }

    private static void form(Model model, String prefix, FormDefinition form, Map<String, Object> values,
                             Map<String, String> errors, Map<String, List<FormField.Option>> choices) {
        model.addAttribute(prefix + "form", form);
        model.addAttribute(prefix + "values", values);
        model.addAttribute(prefix + "errors", errors);
        model.addAttribute(prefix + "choices", choices);
    }


    /**
     * The inbox links every task to the generic task page; the call's steps have pages of their own, so
     * a call task opened from the inbox goes there (the task is looked up as the signed-in user may see it).
     */
    @Configuration
    static class CallTaskPages implements WebMvcConfigurer {
        private final Workflow workflow;
        private final CurrentUser currentUser;

        CallTaskPages(Workflow workflow, CurrentUser currentUser) {
            this.workflow = workflow;
            this.currentUser = currentUser;
        }

        @Override
        public void addInterceptors(InterceptorRegistry registry) {
            registry.addInterceptor(new HandlerInterceptor() {
                @Override
                public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
                        throws java.io.IOException {
                    if (!"GET".equals(request.getMethod())
                            || SecurityContextHolder.getContext().getAuthentication() == null) {
                        return true;
                    }
                    String taskId = request.getRequestURI().substring(request.getRequestURI().lastIndexOf('/') + 1);
                    Optional<String> page = workflow.describeFor(taskId, currentUser.get()).flatMap(CallTaskPages::pageOf);
                    if (page.isPresent()) {
                        response.sendRedirect(request.getContextPath() + page.get());
                        return false;
                    }
                    return true;
                }
            }).addPathPatterns("/portal/tasks/*");
        }

        /** The page of a call task: the workspace for drafting the guide, the approval page for approving it. */
        static Optional<String> pageOf(WorkTask task) {
            if (!CallProcess.KEY.equals(task.processKey())) {
                return Optional.empty();
            }
            String call = "/portal/calls/" + task.businessKey().substring("CALL-".length());
            return switch (task.taskKey()) {
                case CallProcess.TASK_DRAFT_GUIDE -> Optional.of(call);
                case CallProcess.TASK_APPROVE_GUIDE -> Optional.of(call + "/approval");
                default -> Optional.empty();
            };
        }
    }
}

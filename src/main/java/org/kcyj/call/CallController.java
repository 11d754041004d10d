package org.kcyj.call;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.kcyj.form.StepForm;
import org.kcyj.identity.CurrentUser;
import org.kcyj.shared.DomainException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/calls")
@Tag(name = "calls", description = "申报批次、指南方向与申报指南 Calls, their topics and guides")
class CallController {
    private final CallService calls;
    private final TopicService topics;
    private final DemandService demands;
    private final GuideService guides;
    private final CurrentUser currentUser;

    CallController(CallService calls, TopicService topics, DemandService demands, GuideService guides,
                   CurrentUser currentUser) {
        this.calls = calls;
        this.topics = topics;
        this.demands = demands;
        this.guides = guides;
        this.currentUser = currentUser;
    }

    @GetMapping
    @Operation(summary = "Calls the caller may see (collecting demands or published; staff also see drafts)")
    List<ProgrammeCall> list() {
        return calls.visibleTo(currentUser.get());
    }

    @GetMapping("/{id}")
    @Operation(summary = "One call")
    ProgrammeCall get(@PathVariable long id) {
        return calls.readableBy(currentUser.get(), id);
    }

    @PostMapping
    @StepForm(CallService.FORM_CREATE)
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('PROGRAM_MANAGER')")
    @Operation(summary = "Create a call (Form_CreateCall); with a demand deadline it collects demands first")
    ProgrammeCall create(@RequestBody Map<String, Object> body) {
        return calls.create(currentUser.get(), body);
    }

    @PutMapping("/{id}")
    @StepForm(CallService.FORM_CREATE)
    @PreAuthorize("hasRole('PROGRAM_MANAGER')")
    @Operation(summary = "Change a draft call: the fields of Form_CreateCall sent replace the current ones")
    ProgrammeCall update(@PathVariable long id, @RequestBody Map<String, Object> body) {
        return calls.update(currentUser.get(), id, body);
    }

    @GetMapping("/{id}/topics")
    @Operation(summary = "The call's topics (指南方向): staff at any time, others once the guide is published")
    List<Topic> topics(@PathVariable long id) {
        return calls.topicsFor(currentUser.get(), id);
    }

    @PostMapping("/{id}/topics")
    @StepForm(TopicService.FORM)
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('PROGRAM_MANAGER')")
    @Operation(summary = "Add a topic to a draft call, adopting the demands named in demandNumbers (Form_CreateTopic)")
    Topic createTopic(@PathVariable long id, @RequestBody Map<String, Object> body) {
        return topics.create(currentUser.get(), id, body);
    }

    @PutMapping("/{id}/topics/{topicId}")
    @StepForm(TopicService.FORM)
    @PreAuthorize("hasRole('PROGRAM_MANAGER')")
    @Operation(summary = "Change a topic of a draft call; demandNumbers, when sent, is the topic's whole list")
    Topic updateTopic(@PathVariable long id, @PathVariable long topicId, @RequestBody Map<String, Object> body) {
        return topics.update(currentUser.get(), id, topicId, body);
    }

    @DeleteMapping("/{id}/topics/{topicId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize("hasRole('PROGRAM_MANAGER')")
    @Operation(summary = "Delete a topic of a draft call; its demands wait for a decision again")
    void deleteTopic(@PathVariable long id, @PathVariable long topicId) {
        topics.delete(currentUser.get(), id, topicId);
    }

    @GetMapping("/{id}/demands")
    @PreAuthorize("hasAnyRole('PROGRAM_MANAGER', 'DIRECTOR', 'ADMIN')")
    @Operation(summary = "The demands submitted to the call")
    List<Demand> demands(@PathVariable long id) {
        return demands.ofCall(currentUser.get(), id);
    }

    @PostMapping("/{id}/demands")
    @StepForm(DemandService.FORM_SUBMIT)
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('DEMAND_OWNER')")
    @Operation(summary = "Submit a demand to a call collecting demands, for the caller's unit (Form_SubmitDemand)")
    Demand submitDemand(@PathVariable long id, @RequestBody Map<String, Object> body) {
        return demands.submit(currentUser.get(), id, body);
    }

    @GetMapping("/{id}/guide")
    @Operation(summary = "The call's guide text: staff at any time (with the director's decisions), others once published")
    Guide guide(@PathVariable long id) {
        return guides.guide(currentUser.get(), id).orElseThrow(DomainException::notFound);
    }

    @PostMapping("/{id}/guide")
    @StepForm(GuideService.FORM_DRAFT)
    @PreAuthorize("hasRole('PROGRAM_MANAGER')")
    @Operation(summary = "Submit the guide for the director's approval (Form_DraftGuide)")
    Guide submitGuide(@PathVariable long id, @RequestBody Map<String, Object> body) {
        return guides.submit(currentUser.get(), id, body);
    }

    @PostMapping("/{id}/guide/approval")
    @StepForm(GuideService.FORM_APPROVE)
    @PreAuthorize("hasRole('DIRECTOR')")
    @Operation(summary = "Approve (publishes the guide) or return it with a comment (Form_ApproveGuide)")
    ProgrammeCall decideGuide(@PathVariable long id, @RequestBody Map<String, Object> body) {
        return guides.decide(currentUser.get(), id, body);
    }
}

package org.kcyj.workflow;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.kcyj.identity.CurrentUser;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Waiting timers (deadlines, publicity windows) for administrators, who may fire one early, e.g. to
 * walk the demo without waiting five working days. Each firing is audited.
 */
@RestController
@PreAuthorize("hasRole('ADMIN')")
@Tag(name = "timers", description = "等待中的定时器 Waiting timers (administrators)")
class TimerController {
    private final Workflow workflow;
    private final Timers timers;
    private final CurrentUser currentUser;

    TimerController(Workflow workflow, Timers timers, CurrentUser currentUser) {
        this.workflow = workflow;
        this.timers = timers;
        this.currentUser = currentUser;
    }

    @GetMapping("/api/v1/timers")
    @Operation(summary = "Waiting timers, optionally of one proposal or call (business key)")
    List<Workflow.WaitingTimer> timers(@RequestParam(required = false) String businessKey) {
        return workflow.timers(businessKey);
    }

    @PostMapping("/api/v1/timers/{id}/execution")
    @Operation(summary = "Fire a waiting timer now (audited)")
    Workflow.WaitingTimer fire(@PathVariable String id) {
        return timers.fire(currentUser.get(), id);
    }
}

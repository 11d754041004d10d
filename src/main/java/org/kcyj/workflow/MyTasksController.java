package org.kcyj.workflow;

import java.util.List;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.kcyj.identity.CurrentUser;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "me", description = "我的待办 The caller's open work")
class MyTasksController {
    private final Workflow workflow;
    private final CurrentUser currentUser;

    MyTasksController(Workflow workflow, CurrentUser currentUser) {
        this.workflow = workflow;
        this.currentUser = currentUser;
    }

    @GetMapping("/api/v1/me/tasks")
    @Operation(summary = "Open tasks of the caller: step, proposal number, since, link to the portal page")
    List<WorkTask> tasks() {
        return workflow.inbox(currentUser.get());
    }
}

package org.kcyj.project.contract;

import org.kcyj.form.StepForm;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.kcyj.identity.CurrentUser;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/projects/{number}/task-book")
@Tag(name = "contracts", description = "项目任务书 Task book")
class TaskBookController {
    private final TaskBookService taskBooks;
    private final CurrentUser currentUser;

    TaskBookController(TaskBookService taskBooks, CurrentUser currentUser) {
        this.taskBooks = taskBooks;
        this.currentUser = currentUser;
    }

    @PostMapping
    @StepForm("Form_DraftTaskBook")
    @PreAuthorize("hasRole('APPLICANT')")
    @Operation(summary = "Submit the task book: {objectives, startDate, endDate, budget, milestones: [{title, dueDate, indicator}]}")
    TaskBookService.TaskBook draft(@PathVariable String number, @RequestBody Map<String, Object> body) {
        return taskBooks.draft(currentUser.get(), number, body);
    }

    @PostMapping("/confirmation")
    @StepForm("Form_ConfirmTaskBook")
    @PreAuthorize("hasRole('PROGRAM_MANAGER')")
    @Operation(summary = "Confirm or return the task book: {decision: CONFIRM|RETURN, comment}")
    TaskBookService.TaskBook confirm(@PathVariable String number, @RequestBody Map<String, Object> body) {
        return taskBooks.confirm(currentUser.get(), number, body);
    }
}

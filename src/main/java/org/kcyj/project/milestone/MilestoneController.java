package org.kcyj.project.milestone;

import org.kcyj.form.StepForm;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.kcyj.project.contract.TaskBookService;
import org.kcyj.identity.CurrentUser;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/projects/{number}/milestones/{seq}")
@Tag(name = "milestones", description = "里程碑 Milestones")
class MilestoneController {
    private final MilestoneService milestones;
    private final CurrentUser currentUser;

    MilestoneController(MilestoneService milestones, CurrentUser currentUser) {
        this.milestones = milestones;
        this.currentUser = currentUser;
    }

    @PostMapping("/report")
    @StepForm("Form_ReportMilestone")
    @PreAuthorize("hasRole('APPLICANT')")
    @Operation(summary = "Report on the milestone that is due: {report}")
    TaskBookService.MilestonePlan report(@PathVariable String number, @PathVariable int seq,
                                         @RequestBody Map<String, Object> body) {
        return milestones.report(currentUser.get(), number, seq, body);
    }

    @PostMapping("/check")
    @StepForm("Form_CheckMilestone")
    @PreAuthorize("hasRole('PROGRAM_MANAGER')")
    @Operation(summary = "Check the milestone: {decision: PASS|RECTIFY, comment}")
    TaskBookService.MilestonePlan check(@PathVariable String number, @PathVariable int seq,
                                        @RequestBody Map<String, Object> body) {
        return milestones.check(currentUser.get(), number, seq, body);
    }
}

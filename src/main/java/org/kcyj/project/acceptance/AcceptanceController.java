package org.kcyj.project.acceptance;

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
@RequestMapping("/api/v1/projects/{number}")
@Tag(name = "acceptances", description = "验收 Acceptance")
class AcceptanceController {
    private final AcceptanceService acceptances;
    private final CurrentUser currentUser;

    AcceptanceController(AcceptanceService acceptances, CurrentUser currentUser) {
        this.acceptances = acceptances;
        this.currentUser = currentUser;
    }

    @PostMapping("/acceptance-application")
    @StepForm("Form_ApplyForAcceptance")
    @PreAuthorize("hasRole('APPLICANT')")
    @Operation(summary = "Apply for acceptance: {selfEvaluation}")
    AcceptanceService.Acceptance apply(@PathVariable String number, @RequestBody Map<String, Object> body) {
        return acceptances.apply(currentUser.get(), number, body);
    }

    @PostMapping("/acceptance")
    @StepForm("Form_RecordAcceptance")
    @PreAuthorize("hasRole('PROGRAM_MANAGER')")
    @Operation(summary = "Record the acceptance conclusion: {conclusion: PASSED|CONCLUDED|FAILED, comment}")
    AcceptanceService.Acceptance record(@PathVariable String number, @RequestBody Map<String, Object> body) {
        return acceptances.record(currentUser.get(), number, body);
    }
}

package org.kcyj.award;

import org.kcyj.form.StepForm;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.kcyj.identity.CurrentUser;
import org.kcyj.proposal.Proposal;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "funding-decisions", description = "立项建议、审批与公示 Funding decision and public notice")
class FundingController {
    private final FundingService funding;
    private final CurrentUser currentUser;

    FundingController(FundingService funding, CurrentUser currentUser) {
        this.funding = funding;
        this.currentUser = currentUser;
    }

    @PostMapping("/api/v1/proposals/{number}/funding-proposal")
    @StepForm("Form_ProposeFunding")
    @PreAuthorize("hasRole('PROGRAM_MANAGER')")
    @Operation(summary = "Propose funding: {decision: FUND|NOT_FUND, amount (万元, with FUND), comment}")
    Proposal propose(@PathVariable String number, @RequestBody Map<String, Object> body) {
        return funding.proposeFunding(currentUser.get(), number, body);
    }

    @PostMapping("/api/v1/proposals/{number}/funding-approval")
    @StepForm("Form_ApproveFunding")
    @PreAuthorize("hasRole('DIRECTOR')")
    @Operation(summary = "Approve funding: {decision: APPROVE|DECLINE, comment}; approval opens the publicity window")
    Proposal approve(@PathVariable String number, @RequestBody Map<String, Object> body) {
        return funding.approveFunding(currentUser.get(), number, body);
    }

    @GetMapping("/api/v1/notices")
    @Operation(summary = "Projects in their publicity window (立项公示)")
    List<FundingService.Publicity> notices() {
        return funding.openNotices();
    }
}

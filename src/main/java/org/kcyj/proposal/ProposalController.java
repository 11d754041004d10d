package org.kcyj.proposal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.kcyj.identity.CurrentUser;
import org.kcyj.shared.DomainException;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/proposals")
@Tag(name = "proposals", description = "申报、单位推荐、形式审查 Application, endorsement, formal check")
class ProposalController {
    private final ProposalService proposals;
    private final CurrentUser currentUser;

    ProposalController(ProposalService proposals, CurrentUser currentUser) {
        this.proposals = proposals;
        this.currentUser = currentUser;
    }

    @GetMapping
    @Operation(summary = "Proposals the caller may see")
    List<Proposal> list() {
        return proposals.visibleTo(currentUser.get());
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('APPLICANT')")
    @Operation(summary = "Start a draft in an open call: {callId, title?, summary?, piName?, requestedBudget?}")
    Proposal startDraft(@RequestBody Map<String, Object> body) {
        Object callId = body.get("callId");
        if (callId == null || !callId.toString().matches("\\d{1,18}")) {
            throw DomainException.invalid("callId", "validation.required");
        }
        Map<String, Object> content = new HashMap<>(body);
        content.remove("callId");
        return proposals.startDraft(currentUser.get(), Long.parseLong(callId.toString()), content);
    }

    @PutMapping("/{number}")
    @PreAuthorize("hasRole('APPLICANT')")
    @Operation(summary = "Save the draft (any subset of Form_SubmitProposal's fields)")
    Proposal saveDraft(@PathVariable String number, @RequestBody Map<String, Object> body) {
        return proposals.saveDraft(currentUser.get(), number, body);
    }

    @PostMapping("/{number}/submission")
    @PreAuthorize("hasRole('APPLICANT')")
    @Operation(summary = "Submit before the deadline (400 lists every field error; 409 after the deadline)")
    Proposal submit(@PathVariable String number, @RequestBody(required = false) Map<String, Object> body) {
        return proposals.submit(currentUser.get(), number, body == null ? Map.of() : body);
    }

    @PostMapping("/{number}/endorsement")
    @PreAuthorize("hasRole('UNIT_ADMIN')")
    @Operation(summary = "Unit endorsement: {decision: ENDORSE|RETURN, comment}")
    Proposal endorse(@PathVariable String number, @RequestBody Map<String, Object> body) {
        return proposals.endorse(currentUser.get(), number, body);
    }

    @PostMapping("/{number}/formal-check")
    @PreAuthorize("hasRole('PROGRAM_MANAGER')")
    @Operation(summary = "Formal check: {decision: PASS|REJECT, comment}")
    Proposal formalCheck(@PathVariable String number, @RequestBody Map<String, Object> body) {
        return proposals.formalCheck(currentUser.get(), number, body);
    }
}

package org.kcyj.web;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.kcyj.identity.CurrentUser;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
@Tag(name = "proposals")
class ProposalOverviewController {
    private final ProposalOverview overview;
    private final CurrentUser currentUser;

    ProposalOverviewController(ProposalOverview overview, CurrentUser currentUser) {
        this.overview = overview;
        this.currentUser = currentUser;
    }

    @GetMapping({"/api/v1/proposals/{number}", "/api/v1/projects/{number}"})
    @Operation(summary = "A proposal or project as the caller may see it: status, decisions, task book, milestones, documents, open steps")
    ProposalOverview.View get(@PathVariable String number, Authentication authentication) {
        return overview.of(currentUser.get(), authentication, number);
    }
}

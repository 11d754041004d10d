package org.kcyj.call;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.kcyj.form.StepForm;
import org.kcyj.identity.CurrentUser;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/demands")
@Tag(name = "demands", description = "技术需求 Demands submitted to calls")
class DemandController {
    private final DemandService demands;
    private final CurrentUser currentUser;

    DemandController(DemandService demands, CurrentUser currentUser) {
        this.demands = demands;
        this.currentUser = currentUser;
    }

    @GetMapping
    @PreAuthorize("hasAnyRole('DEMAND_OWNER', 'PROGRAM_MANAGER', 'DIRECTOR', 'ADMIN')")
    @Operation(summary = "Demands: a demand owner's unit's; staff see all")
    List<Demand> list() {
        return demands.visibleTo(currentUser.get());
    }

    @GetMapping("/{number}")
    @PreAuthorize("hasAnyRole('DEMAND_OWNER', 'PROGRAM_MANAGER', 'DIRECTOR', 'ADMIN')")
    @Operation(summary = "One demand with its status, topic and the reason of a rejection; 404 when not yours")
    Demand get(@PathVariable String number) {
        return demands.readable(currentUser.get(), number);
    }

    @PostMapping("/{number}/withdrawal")
    @StepForm(DemandService.FORM_WITHDRAW)
    @PreAuthorize("hasRole('DEMAND_OWNER')")
    @Operation(summary = "Withdraw a demand not yet decided (Form_WithdrawDemand)")
    Demand withdraw(@PathVariable String number, @RequestBody(required = false) Map<String, Object> body) {
        return demands.withdraw(currentUser.get(), number, body);
    }

    @PostMapping("/{number}/rejection")
    @StepForm(DemandService.FORM_REJECT)
    @PreAuthorize("hasRole('PROGRAM_MANAGER')")
    @Operation(summary = "Reject a demand with a reason its owner reads (Form_RejectDemand)")
    Demand reject(@PathVariable String number, @RequestBody Map<String, Object> body) {
        return demands.reject(currentUser.get(), number, body);
    }

    @PostMapping("/{number}/adoption")
    @StepForm(DemandService.FORM_ADOPT)
    @PreAuthorize("hasRole('PROGRAM_MANAGER')")
    @Operation(summary = "Adopt a demand into a topic of its call (Form_AdoptDemand)")
    Demand adopt(@PathVariable String number, @RequestBody Map<String, Object> body) {
        return demands.adopt(currentUser.get(), number, body);
    }
}

package org.kcyj.call;

import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.kcyj.identity.CurrentUser;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/calls")
@Tag(name = "calls", description = "申报批次 Programme calls")
class CallController {
    private final CallService calls;
    private final CurrentUser currentUser;

    CallController(CallService calls, CurrentUser currentUser) {
        this.calls = calls;
        this.currentUser = currentUser;
    }

    @GetMapping
    @Operation(summary = "Calls the caller may see (published ones; staff also see drafts)")
    List<ProgrammeCall> list() {
        return calls.visibleTo(currentUser.get());
    }

    @GetMapping("/{id}")
    @Operation(summary = "One call")
    ProgrammeCall get(@PathVariable long id) {
        return calls.readableBy(currentUser.get(), id);
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('PROGRAM_MANAGER')")
    @Operation(summary = "Create a call (fields of Form_CreateCall: programmeCode, title, callYear, budget, applicationDeadline)")
    ProgrammeCall create(@RequestBody Map<String, Object> body) {
        return calls.create(currentUser.get(), body);
    }

    @PostMapping("/{id}/publication")
    @PreAuthorize("hasRole('PROGRAM_MANAGER')")
    @Operation(summary = "Publish the call, confirming its application deadline (Form_PublishCall)")
    ProgrammeCall publish(@PathVariable long id, @RequestBody Map<String, Object> body) {
        return calls.publish(currentUser.get(), id, body);
    }
}

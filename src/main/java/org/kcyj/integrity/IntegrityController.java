package org.kcyj.integrity;

import java.util.List;
import java.util.Map;

import org.kcyj.form.StepForm;
import org.kcyj.identity.CurrentUser;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;

@RestController
@RequestMapping("/api/v1/integrity-records")
class IntegrityController {
    private final IntegrityRecords records;
    private final CurrentUser currentUser;

    IntegrityController(IntegrityRecords records, CurrentUser currentUser) {
        this.records = records;
        this.currentUser = currentUser;
    }

    @GetMapping
    @PreAuthorize("hasAnyRole('PROGRAM_MANAGER', 'DIRECTOR', 'ADMIN')")
    @Operation(summary = "Integrity records (科研诚信记录), newest first")
    List<IntegrityRecord> all() {
        return records.all(currentUser.get());
    }

    @PostMapping
    @StepForm(IntegrityRecords.FORM)
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasAnyRole('PROGRAM_MANAGER', 'ADMIN')")
    @Operation(summary = "Record a finding (Form_RecordIntegrity); a running ban vetoes the party's proposals")
    IntegrityRecord record(@RequestBody Map<String, Object> body) {
        return records.record(currentUser.get(), body);
    }
}

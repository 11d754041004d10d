package org.kcyj.review.pool;

import org.kcyj.review.ExpertPool;
import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.kcyj.identity.CurrentUser;
import org.kcyj.shared.DomainException;
import org.kcyj.shared.ProblemResponses;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.multipart.MultipartFile;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The expert pool for programme managers and admins; experts' identities are never shown to anyone else. */
@RestController
@RequestMapping("/api/v1/experts")
@Tag(name = "experts", description = "专家库 Expert pool")
class ExpertController {
    private static final String OFFICERS = "hasAnyRole('PROGRAM_MANAGER', 'ADMIN')";

    private final ExpertPool pool;
    private final ProblemResponses problems;
    private final CurrentUser currentUser;

    ExpertController(ExpertPool pool, ProblemResponses problems, CurrentUser currentUser) {
        this.pool = pool;
        this.problems = problems;
        this.currentUser = currentUser;
    }

    /** The request body of PUT /experts/{username}, for the API description; the service reads it as a map. */
    @Schema(name = "ExpertProfileInput", description = "An expert's profile; absent fields take their defaults")
    record ProfileInput(
            @Schema(description = "姓名", requiredMode = Schema.RequiredMode.REQUIRED, maxLength = 100) String name,
            @Schema(description = "电子邮箱 (the account's)", requiredMode = Schema.RequiredMode.REQUIRED) String email,
            @Schema(description = "工作单位", maxLength = 200) String unitName,
            @Schema(description = "单位统一社会信用代码 (check character verified)") String unitCreditCode,
            @Schema(description = "职称", maxLength = 100) String title,
            @Schema(description = "学科代码, 1-10 codes of 3-7 digits, e.g. 430 or 43015",
                    requiredMode = Schema.RequiredMode.REQUIRED) List<String> disciplineCodes,
            @Schema(description = "国际专家 (then languages are required)", defaultValue = "false") Boolean international,
            @Schema(description = "评审语言") List<String> languages,
            @Schema(description = "财务专家", defaultValue = "false") Boolean finance,
            @Schema(description = "可被抽取", defaultValue = "true") Boolean available,
            @Schema(description = "近亲属 [{name, relation}]") List<Map<String, String>> relatives,
            @Schema(description = "合作关系 [{counterpart, kind: CO_AUTHOR|COLLABORATOR|ADVISOR|STUDENT, year}]")
            List<Map<String, Object>> collaborations) {
    }

    /** The request body of PUT /experts/{username}/availability. */
    record Availability(Boolean available) {
    }

    @GetMapping
    @PreAuthorize(OFFICERS)
    @Operation(summary = "Every expert of the pool with what they declared, by username")
    List<ExpertPool.ExpertProfile> all() {
        return pool.all();
    }

    @GetMapping("/{username}")
    @PreAuthorize(OFFICERS)
    @Operation(summary = "One expert's profile")
    ExpertPool.ExpertProfile one(@PathVariable String username) {
        return pool.find(username).orElseThrow(DomainException::notFound);
    }

    @PutMapping("/{username}")
    @PreAuthorize(OFFICERS)
    @Operation(summary = "Create or replace an expert's profile; a missing account is created with role REVIEWER "
            + "and its initial password is answered this once (initialPassword); 409 for an account with other roles")
    ExpertPool.Saved save(@PathVariable String username,
                          @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(
                                  schema = @Schema(implementation = ProfileInput.class)))
                          @RequestBody Map<String, Object> body) {
        return pool.save(currentUser.get(), username, body);
    }

    @PostMapping("/import")
    @PreAuthorize(OFFICERS)
    @Operation(summary = "Import a CSV file (multipart field 'file', UTF-8, the columns of the portal's template); "
            + "with any error nothing is imported and the 400 answer lists every error with its row and column; "
            + "413 over 5 MB or 5,000 rows")
    ResponseEntity<?> importCsv(@RequestParam(name = "file", required = false) MultipartFile file) throws IOException {
        if (file == null) {
            throw DomainException.invalid("file", "validation.required");
        }
        ExpertPool.ImportReport report = pool.importCsv(currentUser.get(), file.getBytes());
        if (report.errors().isEmpty()) {
            return ResponseEntity.ok(report);
        }
        ProblemDetail problem = problems.of(new DomainException(HttpStatus.BAD_REQUEST, "error.expert-import.rejected",
                report.errors().size()));
        problem.setProperty("errors", report.errors().stream().map(e -> Map.of("row", e.row(), "column", e.column(),
                "field", e.column(), "message", e.message())).toList());
        problem.setProperty("rows", report.rows());
        return ResponseEntity.badRequest().body(problem);
    }

    @PutMapping("/{username}/availability")
    @PreAuthorize(OFFICERS)
    @Operation(summary = "Make an expert available for draws or not: {available: true|false}")
    ExpertPool.ExpertProfile availability(@PathVariable String username, @RequestBody Availability body) {
        if (body == null || body.available() == null) {
            throw DomainException.invalid("available", "validation.boolean");
        }
        pool.setAvailable(currentUser.get(), username, body.available());
        return pool.find(username).orElseThrow(DomainException::notFound);
    }

    @GetMapping("/{username}/record")
    @PreAuthorize(OFFICERS)
    @Operation(summary = "The expert's record as a reviewer: invitations, acceptance rate, days to review, "
            + "applicants' ratings, overdue reviews and flags")
    ExpertPool.ExpertRecord record(@PathVariable String username) {
        return pool.record(username);
    }
}

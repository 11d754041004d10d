package org.kcyj.proposal;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

import org.kcyj.form.StepForm;
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
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;

@RestController
@RequestMapping("/api/v1/proposals")
@Tag(name = "proposals", description = "申报、单位推荐、形式审查 Application, endorsement, formal check")
class ProposalController {
    private final ProposalService proposals;
    private final FormalCheckService formalChecks;
    private final AttachmentService attachments;
    private final ProposalDrafts preview;
    private final CurrentUser currentUser;

    ProposalController(ProposalService proposals, FormalCheckService formalChecks, AttachmentService attachments,
                       ProposalDrafts preview, CurrentUser currentUser) {
        this.proposals = proposals;
        this.formalChecks = formalChecks;
        this.attachments = attachments;
        this.preview = preview;
        this.currentUser = currentUser;
    }

    @GetMapping
    @Operation(summary = "Proposals the caller may see")
    List<Proposal> list() {
        return proposals.visibleTo(currentUser.get());
    }

    @PostMapping
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("isAuthenticated()")
    @Operation(summary = "Start a draft in an open call: {callId, ...any Form_SubmitProposal fields}; 403 for a "
            + "person no unit has confirmed (yet), with the message saying so")
    Proposal startDraft(@RequestBody Map<String, Object> body) {
        proposals.requireApplicant(currentUser.get());
        Object callId = body.get("callId");
        if (callId == null || !callId.toString().matches("\\d{1,18}")) {
            throw DomainException.invalid("callId", "validation.required");
        }
        Map<String, Object> content = new HashMap<>(body);
        content.remove("callId");
        return proposals.startDraft(currentUser.get(), Long.parseLong(callId.toString()), content);
    }

    @PutMapping("/{number}")
    @StepForm(ProposalService.FORM_SUBMIT)
    @PreAuthorize("hasRole('APPLICANT')")
    @Operation(summary = "Save the draft (any subset of Form_SubmitProposal's fields; formats are checked, nothing is required)")
    Proposal saveDraft(@PathVariable String number, @RequestBody Map<String, Object> body) {
        return proposals.saveDraft(currentUser.get(), number, body);
    }

    @GetMapping("/{number}/content")
    @Operation(summary = "The full application as the caller may see it: ID numbers masked for everyone but the applicant; "
            + "the PI's phone and e-mail only for the applicant, the lead unit's administrators and programme managers")
    Map<String, Object> content(@PathVariable String number) {
        return proposals.content(currentUser.get(), number);
    }

    @GetMapping("/{number}/versions")
    @Operation(summary = "Every submitted version: number, SHA-256 of its content, when")
    List<Map<String, Object>> versions(@PathVariable String number) {
        return proposals.versions(currentUser.get(), number).stream()
                .map(v -> Map.<String, Object>of("version", v.version(), "sha256", v.sha256(), "submittedAt", v.submittedAt()))
                .toList();
    }

    @GetMapping(value = "/{number}/preview", produces = MediaType.APPLICATION_PDF_VALUE)
    @PreAuthorize("hasRole('APPLICANT')")
    @Operation(summary = "The application form as it stands, watermarked DRAFT and not registered")
    ResponseEntity<byte[]> preview(@PathVariable String number) {
        return org.kcyj.shared.PdfDownload.of(preview.preview(currentUser.get(), number), number + "-draft.pdf");
    }

    @PostMapping("/{number}/submission")
    @StepForm(ProposalService.FORM_SUBMIT)
    @PreAuthorize("hasRole('APPLICANT')")
    @Operation(summary = "Submit before the deadline (400 lists every problem; 409 after the deadline, naming it)")
    Proposal submit(@PathVariable String number, @RequestBody(required = false) Map<String, Object> body) {
        return proposals.submit(currentUser.get(), number, body == null ? Map.of() : body);
    }

    @PostMapping("/{number}/recall")
    @PreAuthorize("hasRole('APPLICANT')")
    @Operation(summary = "Take a submitted proposal back from the unit to change it, before the deadline")
    Proposal recall(@PathVariable String number) {
        return proposals.recall(currentUser.get(), number);
    }

    @PostMapping("/{number}/withdrawal")
    @StepForm(ProposalService.FORM_WITHDRAW)
    @PreAuthorize("hasRole('APPLICANT')")
    @Operation(summary = "Withdraw for good before the formal check passes: {reason}")
    Proposal withdraw(@PathVariable String number, @RequestBody Map<String, Object> body) {
        return proposals.withdraw(currentUser.get(), number, body);
    }

    @PostMapping("/{number}/extension")
    @StepForm(ProposalService.FORM_EXTEND)
    @PreAuthorize("hasRole('PROGRAM_MANAGER')")
    @Operation(summary = "Extend this applicant's deadline: {until (Beijing time), reason}")
    Map<String, Object> extend(@PathVariable String number, @RequestBody Map<String, Object> body) {
        return Map.of("number", number, "extendedUntil", proposals.extend(currentUser.get(), number, body));
    }

    @GetMapping("/{number}/attachments")
    @Operation(summary = "The application's PDF attachments")
    List<AttachmentService.Attachment> attachments(@PathVariable String number) {
        return attachments.list(currentUser.get(), number);
    }

    @PostMapping(value = "/{number}/attachments", consumes = MediaType.MULTIPART_FORM_DATA_VALUE)
    @ResponseStatus(HttpStatus.CREATED)
    @PreAuthorize("hasRole('APPLICANT')")
    @Operation(summary = "Attach a PDF (multipart field 'file'): 413 over the size limit, 415 if not a harmless PDF")
    AttachmentService.Attachment upload(@PathVariable String number, @RequestParam("file") MultipartFile file)
            throws java.io.IOException {
        return attachments.upload(currentUser.get(), number, file.getOriginalFilename(), file.getBytes());
    }

    @GetMapping(value = "/{number}/attachments/{id}", produces = MediaType.APPLICATION_PDF_VALUE)
    @Operation(summary = "Download an attachment")
    ResponseEntity<byte[]> attachment(@PathVariable String number, @PathVariable long id) {
        AttachmentService.Attachment described = attachments.describe(currentUser.get(), number, id);
        return org.kcyj.shared.PdfDownload.of(attachments.content(currentUser.get(), number, id).orElseThrow(DomainException::notFound),
                described.fileName());
    }

    @DeleteMapping("/{number}/attachments/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    @PreAuthorize("hasRole('APPLICANT')")
    @Operation(summary = "Remove an attachment while the application is editable")
    void deleteAttachment(@PathVariable String number, @PathVariable long id) {
        attachments.delete(currentUser.get(), number, id);
    }

    @PostMapping("/{number}/endorsement")
    @StepForm(ProposalService.FORM_ENDORSE)
    @PreAuthorize("hasRole('UNIT_ADMIN')")
    @Operation(summary = "Unit endorsement: {decision: ENDORSE|RETURN, comment}")
    Proposal endorse(@PathVariable String number, @RequestBody Map<String, Object> body) {
        return proposals.endorse(currentUser.get(), number, body);
    }

    @GetMapping("/{number}/formal-check/findings")
    @PreAuthorize("hasAnyRole('PROGRAM_MANAGER', 'DIRECTOR', 'ADMIN')")
    @Operation(summary = "What the automatic formal checks found (eligibility, integrity, duplicate text)")
    List<FormalCheckService.Finding> findings(@PathVariable String number) {
        return formalChecks.findings(currentUser.get(), number);
    }

    @PostMapping("/{number}/formal-check")
    @StepForm(ProposalService.FORM_FORMAL_CHECK)
    @PreAuthorize("hasRole('PROGRAM_MANAGER')")
    @Operation(summary = "Formal check: {decision: PASS|RETURN|REJECT, comment} (RETURN once; reasons for RETURN/REJECT)")
    Proposal formalCheck(@PathVariable String number, @RequestBody Map<String, Object> body) {
        return formalChecks.decide(currentUser.get(), number, body);
    }

}

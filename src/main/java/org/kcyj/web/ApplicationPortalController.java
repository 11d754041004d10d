package org.kcyj.web;

import java.io.IOException;
import java.util.List;
import java.util.Map;

import org.kcyj.form.FormDefinitions;
import org.kcyj.identity.CurrentUser;
import org.kcyj.integrity.IntegrityRecords;
import org.kcyj.programme.ParameterService;
import org.kcyj.programme.Programmes;
import org.kcyj.proposal.AttachmentService;
import org.kcyj.proposal.ProposalService;
import org.kcyj.shared.DomainException;
import org.springframework.http.ResponseEntity;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.multipart.MultipartFile;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;


/**
 * Portal pages around an application that are not process steps: attachments, the draft preview,
 * recall, withdrawal, a manager's extension; the programme's parameters; integrity records.
 */
@Controller
class ApplicationPortalController {
    private final ProposalService proposals;
    private final AttachmentService attachments;
    private final ParameterService parameters;
    private final Programmes programmes;
    private final IntegrityRecords integrity;
    private final FormDefinitions forms;
    private final CurrentUser currentUser;
    private final org.kcyj.proposal.ProposalDrafts drafts;
    private final org.kcyj.identity.ProgrammeScope scope;

    ApplicationPortalController(ProposalService proposals, AttachmentService attachments, ParameterService parameters,
                                Programmes programmes, IntegrityRecords integrity, FormDefinitions forms,
                                CurrentUser currentUser,
                                org.kcyj.proposal.ProposalDrafts drafts, org.kcyj.identity.ProgrammeScope scope) {
        this.proposals = proposals;
        this.attachments = attachments;
        this.parameters = parameters;
        this.programmes = programmes;
        this.integrity = integrity;
        this.forms = forms;
        this.currentUser = currentUser;
        this.drafts = drafts;
        this.scope = scope;
    }

    @PostMapping("/portal/proposals/{number}/attachments")
    String upload(@PathVariable String number, @RequestParam("file") MultipartFile file, RedirectAttributes redirect)
            throws IOException {
        attachments.upload(currentUser.get(), number, file.getOriginalFilename(), file.getBytes());
        redirect.addFlashAttribute("message", "portal.attachment-added");
        return "redirect:/portal/proposals/" + number;
    }

    @PostMapping("/portal/proposals/{number}/attachments/{id}/deletion")
    String deleteAttachment(@PathVariable String number, @PathVariable long id, RedirectAttributes redirect) {
        attachments.delete(currentUser.get(), number, id);
        redirect.addFlashAttribute("message", "portal.attachment-removed");
        return "redirect:/portal/proposals/" + number;
    }

    @GetMapping("/portal/proposals/{number}/attachments/{id}")
    ResponseEntity<byte[]> attachment(@PathVariable String number, @PathVariable long id) {
        AttachmentService.Attachment described = attachments.describe(currentUser.get(), number, id);
        return org.kcyj.shared.PdfDownload.of(attachments.content(currentUser.get(), number, id).orElseThrow(DomainException::notFound),
                described.fileName());
    }

    @GetMapping("/portal/proposals/{number}/preview")
    ResponseEntity<byte[]> preview(@PathVariable String number) {
        return org.kcyj.shared.PdfDownload.of(drafts.preview(currentUser.get(), number), number + "-draft.pdf");
    }

    @PostMapping("/portal/proposals/{number}/recall")
    String recall(@PathVariable String number, RedirectAttributes redirect) {
        proposals.recall(currentUser.get(), number);
        redirect.addFlashAttribute("message", "portal.recalled");
        return "redirect:/portal/proposals/" + number;
    }

    @PostMapping("/portal/proposals/{number}/withdrawal")
    String withdraw(@PathVariable String number, @RequestParam MultiValueMap<String, String> params,
                    RedirectAttributes redirect) {
        proposals.withdraw(currentUser.get(), number,
                PortalForms.read(forms.get(ProposalService.FORM_WITHDRAW), params));
        redirect.addFlashAttribute("message", "portal.withdrawn");
        return "redirect:/portal/proposals/" + number;
    }

    @PostMapping("/portal/proposals/{number}/extension")
    String extend(@PathVariable String number, @RequestParam MultiValueMap<String, String> params,
                  RedirectAttributes redirect) {
        proposals.extend(currentUser.get(), number, PortalForms.read(forms.get(ProposalService.FORM_EXTEND), params));
        redirect.addFlashAttribute("message", "portal.extended");
        return "redirect:/portal/proposals/" + number;
    }

    @GetMapping("/portal/programmes")
    @PreAuthorize("hasAnyRole('PROGRAM_MANAGER', 'DIRECTOR', 'ADMIN')")
    String programmes(Model model) {
        List<Programmes.Programme> all = shownProgrammes();
        if (all.isEmpty()) {
            // a new installation: the administrator sets up the first 专项 here
            model.addAttribute("code", "");
            model.addAttribute("programmes", all);
            model.addAttribute("settings", List.of());
            model.addAttribute("history", List.of());
            return "portal/parameters";
        }
        return "redirect:/portal/programmes/" + all.get(0).code() + "/parameters";
    }

    @PostMapping("/portal/programmes")
    @PreAuthorize("hasRole('ADMIN')")
    String createProgramme(@RequestParam(defaultValue = "") String code, @RequestParam(defaultValue = "") String name,
                           RedirectAttributes redirect) {
        Programmes.Programme created = programmes.register(currentUser.get(), code.strip(), name);
        redirect.addFlashAttribute("message", "portal.programme-created");
        return "redirect:/portal/programmes/" + created.code() + "/parameters";
    }

    /** The programmes whose parameters the user reads: a scoped manager's own, everyone else's all. */
    private List<Programmes.Programme> shownProgrammes() {
        java.util.function.Predicate<String> view = scope.staffView(currentUser.get());
        return programmes.all().stream().filter(p -> view.test(p.code())).toList();
    }

    @GetMapping("/portal/programmes/{code}/parameters")
    @PreAuthorize("hasAnyRole('PROGRAM_MANAGER', 'DIRECTOR', 'ADMIN')")
    String parameters(@PathVariable String code, Model model) {
        model.addAttribute("code", code);
        model.addAttribute("programmes", shownProgrammes());
        model.addAttribute("settings", parameters.settings(currentUser.get(), code));
        model.addAttribute("history", parameters.history(currentUser.get(), code));
        return "portal/parameters";
    }

    @PostMapping("/portal/programmes/{code}/parameters/{name}")
    @PreAuthorize("hasAnyRole('PROGRAM_MANAGER', 'ADMIN')")
    String changeParameter(@PathVariable String code, @PathVariable String name, @RequestParam Map<String, String> params,
                           RedirectAttributes redirect) {
        parameters.change(currentUser.get(), code, name, Map.of("value", params.getOrDefault("value", ""),
                "reason", params.getOrDefault("reason", "")));
        redirect.addFlashAttribute("message", "portal.parameter-changed");
        return "redirect:/portal/programmes/" + code + "/parameters";
    }

    @GetMapping("/portal/integrity-records")
    @PreAuthorize("hasAnyRole('PROGRAM_MANAGER', 'DIRECTOR', 'ADMIN')")
    String integrityRecords(Model model) {
        model.addAttribute("records", integrity.all(currentUser.get()));
        model.addAttribute("form", forms.get(IntegrityRecords.FORM));
        model.addAttribute("values", Map.of());
        model.addAttribute("errors", Map.of());
        model.addAttribute("choices", Map.of());
        return "portal/integrity";
    }

    @PostMapping("/portal/integrity-records")
    @PreAuthorize("hasAnyRole('PROGRAM_MANAGER', 'ADMIN')")
    String recordIntegrity(@RequestParam MultiValueMap<String, String> params, RedirectAttributes redirect) {
        integrity.record(currentUser.get(), PortalForms.read(forms.get(IntegrityRecords.FORM), params));
        redirect.addFlashAttribute("message", "portal.integrity-recorded");
        return "redirect:/portal/integrity-records";
    }


}

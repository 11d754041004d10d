package org.kcyj.web;

import java.io.IOException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kcyj.identity.CurrentUser;
import org.kcyj.review.CollaborationKind;
import org.kcyj.review.ExpertPool;
import org.kcyj.shared.DomainException;
import org.kcyj.shared.ProblemResponses;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
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

import jakarta.servlet.http.HttpServletResponse;

/**
 * The expert pool's pages (专家库) for programme managers and admins: the list with availability and CSV
 * import, and each expert's profile with their record as a reviewer. A new account's initial password is
 * shown on the page that answers the save or import, never kept in the session.
 */
@Controller
@PreAuthorize("hasAnyRole('PROGRAM_MANAGER', 'ADMIN')")
class ExpertPortalController {
    /** Blank rows offered below the declared relatives and collaborations. */
    private static final int BLANK_ROWS = 2;

    private final ExpertPool pool;
    private final ProblemResponses problems;
    private final CurrentUser currentUser;

    ExpertPortalController(ExpertPool pool, ProblemResponses problems, CurrentUser currentUser) {
        this.pool = pool;
        this.problems = problems;
        this.currentUser = currentUser;
    }

    @GetMapping("/portal/experts")
    String list(Model model) {
        model.addAttribute("experts", pool.all());
        return "portal/experts";
    }

    @GetMapping("/portal/experts/template.csv")
    ResponseEntity<byte[]> template() {
        return ResponseEntity.ok()
                .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8))
                .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
                        .filename("expert-pool-template.csv").build().toString())
                .body(pool.csvTemplate());
    }

    @PostMapping("/portal/experts/import")
    String importCsv(@RequestParam(name = "file", required = false) MultipartFile file, Model model,
                     HttpServletResponse response) throws IOException {
        if (file == null || file.isEmpty()) {
            throw DomainException.invalid("file", "validation.required");
        }
        ExpertPool.ImportReport report = pool.importCsv(currentUser.get(), file.getBytes());
        if (!report.errors().isEmpty()) {
            response.setStatus(400);
            model.addAttribute("error", problems.text("error.expert-import.rejected",
                    org.springframework.context.i18n.LocaleContextHolder.getLocale(), report.errors().size()));
        }
        model.addAttribute("report", report);
        return list(model);
    }

    @PostMapping("/portal/experts/{username}/availability")
    String availability(@PathVariable String username, @RequestParam(defaultValue = "") String available,
                        @RequestParam(defaultValue = "list") String back, RedirectAttributes redirect) {
        pool.setAvailable(currentUser.get(), username, "true".equals(available));
        redirect.addFlashAttribute("message", "portal.expert-availability-changed");
        return "profile".equals(back) ? "redirect:/portal/experts/" + username : "redirect:/portal/experts";
    }

    @GetMapping("/portal/experts/new")
    String newExpert(Model model) {
        Map<String, Object> values = new HashMap<>();
        values.put("available", true);
        return profileModel(model, null, values, Map.of());
    }

    @GetMapping("/portal/experts/{username}")
    String profile(@PathVariable String username, Model model) {
        ExpertPool.ExpertProfile expert = pool.find(username).orElseThrow(DomainException::notFound);
        return profileModel(model, username, values(expert), Map.of());
    }

    @PostMapping("/portal/experts")
    String create(@RequestParam MultiValueMap<String, String> params, Model model, HttpServletResponse response) {
        String username = params.getFirst("username") == null ? "" : params.getFirst("username").strip();
        return save(null, username, params, model, response);
    }

    @PostMapping("/portal/experts/{username}/profile")
    String update(@PathVariable String username, @RequestParam MultiValueMap<String, String> params, Model model,
                  HttpServletResponse response) {
        return save(username, username, params, model, response);
    }

    private String save(String existing, String username, MultiValueMap<String, String> params, Model model,
                        HttpServletResponse response) {
        Map<String, Object> input = input(params);
        try {
            ExpertPool.Saved saved = pool.save(currentUser.get(), username, input);
            model.addAttribute("message", "portal.expert-saved");
            model.addAttribute("initialPassword", saved.initialPassword());
            return profileModel(model, username, values(saved.expert()), Map.of());
        } catch (DomainException e) {
            response.setStatus(e.status().value());
            model.addAttribute("error", problems.of(e).getDetail());
            Map<String, Object> shown = new HashMap<>(input);
            shown.put("username", username);
            shown.put("disciplineCodes", text(params, "disciplineCodes"));
            shown.put("languages", text(params, "languages"));
            return profileModel(model, existing, shown, problems.byField(e));
        }
    }

    private String profileModel(Model model, String username, Map<String, Object> values, Map<String, String> errors) {
        model.addAttribute("username", username);
        model.addAttribute("values", values);
        model.addAttribute("errors", errors);
        model.addAttribute("relativeRows", withBlankRows(values.get("relatives")));
        model.addAttribute("collaborationRows", withBlankRows(values.get("collaborations")));
        model.addAttribute("kinds", CollaborationKind.values());
        if (username != null && pool.find(username).isPresent()) {
            model.addAttribute("record", pool.record(username));
            model.addAttribute("stored", true);
        }
        return "portal/expert";
    }

    /** The form's fields in the shape the pool takes; an unticked box is false, not absent. */
    private static Map<String, Object> input(MultiValueMap<String, String> params) {
        Map<String, Object> input = new LinkedHashMap<>();
        for (String field : List.of("name", "email", "unitName", "unitCreditCode", "title", "disciplineCodes",
                "languages")) {
            input.put(field, text(params, field));
        }
        for (String flag : List.of("international", "finance", "available")) {
            input.put(flag, params.getOrDefault(flag, List.of()).contains("true"));
        }
        input.put("relatives", PortalForms.rows("relatives", params));
        input.put("collaborations", PortalForms.rows("collaborations", params));
        return input;
    }

    private static String text(MultiValueMap<String, String> params, String field) {
        String value = params.getFirst(field);
        return value == null ? "" : value;
    }

    /** A stored profile as the form shows it: lists as text separated by "; ". */
    private static Map<String, Object> values(ExpertPool.ExpertProfile expert) {
        Map<String, Object> values = new HashMap<>();
        values.put("username", expert.username());
        values.put("name", expert.name());
        values.put("email", expert.email());
        values.put("unitName", expert.unitName());
        values.put("unitCreditCode", expert.unitCreditCode());
        values.put("title", expert.title());
        values.put("disciplineCodes", String.join("; ", expert.disciplineCodes()));
        values.put("international", expert.international());
        values.put("languages", String.join("; ", expert.languages()));
        values.put("finance", expert.finance());
        values.put("available", expert.available());
        values.put("relatives", expert.relatives().stream()
                .map(r -> Map.<String, Object>of("name", r.name(), "relation", r.relation())).toList());
        values.put("collaborations", expert.collaborations().stream()
                .map(c -> Map.<String, Object>of("counterpart", c.counterpart(), "kind", c.kind().name(),
                        "year", String.valueOf(c.year()))).toList());
        return values;
    }

    private static List<Map<String, Object>> withBlankRows(Object rows) {
        List<Map<String, Object>> all = new ArrayList<>();
        if (rows instanceof List<?> list) {
            list.forEach(row -> {
                Map<String, Object> copy = new HashMap<>();
                ((Map<?, ?>) row).forEach((k, v) -> copy.put(String.valueOf(k), v));
                all.add(copy);
            });
        }
        for (int i = 0; i < BLANK_ROWS; i++) {
            all.add(Map.of());
        }
        return all;
    }
}

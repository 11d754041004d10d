package org.kcyj.identity;

import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletResponse;

import org.kcyj.shared.DomainException;
import org.kcyj.shared.ProblemResponses;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * The bureau's pages of accounts and organisations (administrators only; the services refuse anyone else): units
 * registered, to approve or return with a reason, and the administrators units named, to confirm; people, to find,
 * to read with their history, to change their staff roles and 专项 with a reason, to deactivate and reactivate; and
 * new staff accounts with an initial password the administrator hands over.
 */
@Controller
class BureauPortalController {
    private static final int PER_PAGE = 20;
    private final UnitRegistry units;
    private final Affiliations affiliations;
    private final StaffAdministration staff;
    private final ProgrammeCatalogue programmes;
    private final CurrentUser currentUser;
    private final ProblemResponses problems;

    BureauPortalController(UnitRegistry units, Affiliations affiliations, StaffAdministration staff,
                           ProgrammeCatalogue programmes, CurrentUser currentUser, ProblemResponses problems) {
        this.units = units;
        this.affiliations = affiliations;
        this.staff = staff;
        this.programmes = programmes;
        this.currentUser = currentUser;
        this.problems = problems;
    }

    // ---- Units ----

    @GetMapping("/portal/admin/units")
    String units(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "") String status,
                 @RequestParam(required = false) Integer page, Model model) {
        return units(model, q, status, page, "", Map.of());
    }

    @PostMapping("/portal/admin/units/{id}/approval")
    String approve(@PathVariable long id, HttpServletResponse response, Model model, RedirectAttributes redirect) {
        try {
            units.approve(currentUser.get(), id);
        } catch (DomainException e) {
            return unitsRefused(e, response, model, "unit-" + id);
        }
        redirect.addFlashAttribute("message", "bureau.unit-approved");
        return "redirect:/portal/admin/units";
    }

    @PostMapping("/portal/admin/units/{id}/return")
    String returnUnit(@PathVariable long id, @RequestParam(defaultValue = "") String reason,
                      HttpServletResponse response, Model model, RedirectAttributes redirect) {
        try {
            units.returnForCorrection(currentUser.get(), id, reason);
        } catch (DomainException e) {
            return unitsRefused(e, response, model, "unit-" + id);
        }
        redirect.addFlashAttribute("message", "bureau.unit-returned");
        return "redirect:/portal/admin/units";
    }

    @PostMapping("/portal/admin/nominations/{id}/confirmation")
    String confirmNomination(@PathVariable long id, HttpServletResponse response, Model model,
                             RedirectAttributes redirect) {
        try {
            nomination(id);
            affiliations.confirm(currentUser.get(), id);
        } catch (DomainException e) {
            return unitsRefused(e, response, model, "nomination-" + id);
        }
        redirect.addFlashAttribute("message", "bureau.nomination-confirmed");
        return "redirect:/portal/admin/units";
    }

    @PostMapping("/portal/admin/nominations/{id}/refusal")
    String refuseNomination(@PathVariable long id, @RequestParam(defaultValue = "") String reason,
                            HttpServletResponse response, Model model, RedirectAttributes redirect) {
        try {
            nomination(id);
            affiliations.refuse(currentUser.get(), id, reason);
        } catch (DomainException e) {
            return unitsRefused(e, response, model, "nomination-" + id);
        }
        redirect.addFlashAttribute("message", "bureau.nomination-refused");
        return "redirect:/portal/admin/units";
    }

    /** Only requests to administer a unit are decided here (the services say who decides the others). */
    private void nomination(long id) {
        UnitRegistry.requireBureau(currentUser.get());
        affiliations.find(id).filter(a -> Role.UNIT_ADMIN.name().equals(a.role())).orElseThrow(DomainException::notFound);
    }

    private String unitsRefused(DomainException e, HttpServletResponse response, Model model, String target) {
        if (e.status().value() == 403 || e.status().value() == 404) {
            throw e;
        }
        response.setStatus(e.status().value());
        model.addAttribute("error", problems.of(e).getDetail());
        return units(model, "", "", null, target, problems.byField(e));
    }

    private String units(Model model, String q, String status, Integer page, String target, Map<String, String> errors) {
        UserAccount user = currentUser.get();
        model.addAttribute("result", units.search(user, q, status, page, PER_PAGE));
        model.addAttribute("nominations", affiliations.pendingAdministration(user));
        model.addAttribute("q", q);
        model.addAttribute("status", status);
        model.addAttribute("statuses", List.of(UnitRegistry.PENDING, UnitRegistry.RETURNED, UnitRegistry.APPROVED));
        model.addAttribute("target", target);
        model.addAttribute("errors", errors);
        return "portal/admin-units";
    }

    // ---- People ----

    @GetMapping("/portal/admin/people")
    String people(@RequestParam(defaultValue = "") String q, @RequestParam(defaultValue = "") String role,
                  @RequestParam(defaultValue = "") String status, @RequestParam(required = false) Integer page,
                  Model model) {
        model.addAttribute("result", staff.search(currentUser.get(), q, role, status, page, PER_PAGE));
        model.addAttribute("q", q);
        model.addAttribute("role", role);
        model.addAttribute("status", status);
        model.addAttribute("roles", Role.values());
        model.addAttribute("statuses", List.of("ACTIVE", "UNVERIFIED", "DEACTIVATED", "ERASED"));
        return "portal/admin-people";
    }

    @GetMapping("/portal/admin/people/{username}")
    String person(@PathVariable String username, Model model) {
        return person(model, username, "", Map.of(), null);
    }

    @PostMapping("/portal/admin/people/{username}/roles")
    String changeRoles(@PathVariable String username, @RequestParam(required = false) List<String> roles,
                       @RequestParam(required = false) List<String> programmeCodes,
                       @RequestParam(defaultValue = "") String reason, HttpServletResponse response, Model model,
                       RedirectAttributes redirect) {
        try {
            staff.changeRoles(currentUser.get(), username, new StaffAdministration.RoleChange(
                    roles == null ? List.of() : roles, programmeCodes == null ? List.of() : programmeCodes, reason));
        } catch (DomainException e) {
            return personRefused(e, response, model, username, "roles",
                    new RolesForm(roles == null ? List.of() : roles, programmeCodes == null ? List.of() : programmeCodes, reason));
        }
        redirect.addFlashAttribute("message", "bureau.roles-changed");
        return "redirect:/portal/admin/people/" + username;
    }

    @PostMapping("/portal/admin/people/{username}/deactivation")
    String deactivate(@PathVariable String username, @RequestParam(defaultValue = "") String reason,
                      HttpServletResponse response, Model model, RedirectAttributes redirect) {
        try {
            staff.deactivate(currentUser.get(), username, reason);
        } catch (DomainException e) {
            return personRefused(e, response, model, username, "state", null);
        }
        redirect.addFlashAttribute("message", "bureau.deactivated");
        return "redirect:/portal/admin/people/" + username;
    }

    @PostMapping("/portal/admin/people/{username}/reactivation")
    String reactivate(@PathVariable String username, @RequestParam(defaultValue = "") String reason,
                      HttpServletResponse response, Model model, RedirectAttributes redirect) {
        try {
            staff.reactivate(currentUser.get(), username, reason);
        } catch (DomainException e) {
            return personRefused(e, response, model, username, "state", null);
        }
        redirect.addFlashAttribute("message", "bureau.reactivated");
        return "redirect:/portal/admin/people/" + username;
    }

    /** The staff roles form as sent, to show again after a refusal. */
    record RolesForm(List<String> roles, List<String> programmes, String reason) {
    }

    private String personRefused(DomainException e, HttpServletResponse response, Model model, String username,
                                 String target, RolesForm typed) {
        if (e.status().value() == 404) {
            throw e;
        }
        response.setStatus(e.status().value());
        model.addAttribute("error", problems.of(e).getDetail());
        return person(model, username, target, problems.byField(e), typed);
    }

    private String person(Model model, String username, String target, Map<String, String> errors, RolesForm typed) {
        UserAccount user = currentUser.get();
        StaffAdministration.Person person = staff.read(user, username);
        model.addAttribute("person", person);
        model.addAttribute("history", staff.history(user, username));
        model.addAttribute("affiliations", affiliations.of(person.username()));
        model.addAttribute("staffRoles", List.of(Role.PROGRAM_MANAGER.name(), Role.DIRECTOR.name(), Role.ADMIN.name()));
        model.addAttribute("programmes", programmes.choices());
        model.addAttribute("rolesForm", typed != null ? typed : new RolesForm(
                person.roles().stream().filter(r -> StaffAdministration.STAFF_ROLES.contains(Role.valueOf(r))).toList(),
                List.copyOf(person.programmes()), ""));
        model.addAttribute("self", user.username().equals(person.username()));
        model.addAttribute("target", target);
        model.addAttribute("errors", errors);
        return "portal/admin-person";
    }

    // ---- New staff ----

    /** The new staff form as typed, without the initial password. */
    record StaffForm(String username, String displayName, String email, List<String> roles, List<String> programmes,
                     String reason) {
    }

    @GetMapping("/portal/admin/staff/new")
    String newStaff(Model model) {
        UnitRegistry.requireBureau(currentUser.get());
        return newStaff(model, new StaffForm("", "", "", List.of(), List.of(), ""), Map.of());
    }

    @PostMapping("/portal/admin/staff/new")
    String createStaff(@RequestParam(defaultValue = "") String username, @RequestParam(defaultValue = "") String displayName,
                       @RequestParam(defaultValue = "") String email, @RequestParam(required = false) List<String> roles,
                       @RequestParam(required = false) List<String> programmeCodes,
                       @RequestParam(defaultValue = "") String initialPassword,
                       @RequestParam(defaultValue = "") String reason, HttpServletResponse response, Model model,
                       RedirectAttributes redirect) {
        List<String> r = roles == null ? List.of() : roles;
        List<String> p = programmeCodes == null ? List.of() : programmeCodes;
        StaffAdministration.Person created;
        try {
            created = staff.createStaff(currentUser.get(), new StaffAdministration.StaffInput(username, displayName, email,
                    r, p, initialPassword, reason));
        } catch (DomainException e) {
            if (e.status().value() == 403) {
                throw e;
            }
            response.setStatus(e.status().value());
            model.addAttribute("error", problems.of(e).getDetail());
            return newStaff(model, new StaffForm(username, displayName, email, r, p, reason), problems.byField(e));
        }
        redirect.addFlashAttribute("message", "bureau.staff-created");
        return "redirect:/portal/admin/people/" + created.username();
    }

    private String newStaff(Model model, StaffForm form, Map<String, String> errors) {
        model.addAttribute("form", form);
        model.addAttribute("errors", errors);
        model.addAttribute("staffRoles", List.of(Role.PROGRAM_MANAGER.name(), Role.DIRECTOR.name(), Role.ADMIN.name()));
        model.addAttribute("programmes", programmes.choices());
        return "portal/admin-staff-new";
    }
}

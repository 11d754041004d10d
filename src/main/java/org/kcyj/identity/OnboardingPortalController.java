package org.kcyj.identity;

import java.util.Arrays;
import java.util.LinkedHashMap;
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
 * The pages of people and their units (docs/accounts.md). 我的单位 / My unit: a person's affiliations, asking to
 * join an approved unit, withdrawing a request, leaving a unit; the units they registered, registering one, and
 * correcting a returned one. 本单位人员 / Unit members: a unit administrator confirms or refuses requests to join
 * their unit, ends memberships and names other administrators. Bureau staff have neither page (they do not act for
 * units); the services check every action again.
 */
@Controller
class OnboardingPortalController {
    private static final int UNITS_PER_PAGE = 10;
    private static final int MEMBERS_PER_PAGE = 20;
    private final UnitRegistry units;
    private final Affiliations affiliations;
    private final StaffAdministration staff;
    private final CurrentUser currentUser;
    private final ProblemResponses problems;
    private final UserDirectory users;

    OnboardingPortalController(UnitRegistry units, Affiliations affiliations, StaffAdministration staff,
                               CurrentUser currentUser, ProblemResponses problems, UserDirectory users) {
        this.users = users;
        this.units = units;
        this.affiliations = affiliations;
        this.staff = staff;
        this.currentUser = currentUser;
        this.problems = problems;
    }

    /** The unit form as typed (administrators as one text of user names), to show again. */
    record UnitForm(String name, String creditCode, String type, String address, String district, String localRegistered,
                    String contactName, String contactPhone, String contactEmail, String administrators) {
        static UnitForm empty() {
            return new UnitForm("", "", "", "", "", "", "", "", "", "");
        }

        static UnitForm of(UnitRegistry.Unit u) {
            return new UnitForm(u.name(), u.creditCode(), u.type(), u.address(), u.district(),
                    String.valueOf(u.localRegistered()), u.contactName(), u.contactPhone(), u.contactEmail(),
                    String.join(", ", u.administrators().stream().filter(a -> !a.equals(u.registeredBy())).toList()));
        }

        UnitRegistry.UnitInput input() {
            return new UnitRegistry.UnitInput(name, creditCode, type, address, district,
                    localRegistered == null || localRegistered.isBlank() ? null : Boolean.valueOf(localRegistered),
                    contactName, contactPhone, contactEmail,
                    Arrays.stream(administrators.split("[,，;；、\\s]+")).map(String::strip).filter(s -> !s.isEmpty()).toList());
        }
    }

    // ---- 我的单位 / My unit ----

    @GetMapping("/portal/my-unit")
    String myUnit(@RequestParam(defaultValue = "") String q, @RequestParam(required = false) Integer page, Model model) {
        return myUnit(model, q, page, "", Map.of(), UnitForm.empty(), null);
    }

    @PostMapping("/portal/my-unit/requests")
    String join(@RequestParam(required = false) Long unitId, @RequestParam(defaultValue = "") String role,
                @RequestParam(defaultValue = "") String q, HttpServletResponse response, Model model,
                RedirectAttributes redirect) {
        try {
            if (unitId == null) {
                throw DomainException.invalid("unitId", "validation.required");
            }
            affiliations.request(currentUser.get(), unitId, role);
        } catch (DomainException e) {
            return myUnitRefused(e, response, model, q, "join", UnitForm.empty(), null);
        }
        redirect.addFlashAttribute("message", "onboarding.requested");
        return "redirect:/portal/my-unit";
    }

    @PostMapping("/portal/my-unit/requests/{id}/withdrawal")
    String withdraw(@PathVariable long id, RedirectAttributes redirect) {
        affiliations.withdraw(currentUser.get(), id);
        redirect.addFlashAttribute("message", "onboarding.withdrawn");
        return "redirect:/portal/my-unit";
    }

    @PostMapping("/portal/my-unit/affiliations/{id}/end")
    String leave(@PathVariable long id, @RequestParam(defaultValue = "") String reason, HttpServletResponse response,
                 jakarta.servlet.http.HttpServletRequest request, Model model, RedirectAttributes redirect) {
        Affiliations.Affiliation a = affiliations.find(id)
                .filter(x -> x.username().equals(currentUser.get().username())).orElseThrow(DomainException::notFound);
        try {
            affiliations.end(currentUser.get(), a.id(), reason);
            AccountStateFilter.keepAfterOwnChange(request, users, a.username());
        } catch (DomainException e) {
            return myUnitRefused(e, response, model, "", "end-" + id, UnitForm.empty(), null);
        }
        redirect.addFlashAttribute("message", "onboarding.left");
        return "redirect:/portal/my-unit";
    }

    @PostMapping("/portal/my-unit/units")
    String registerUnit(UnitForm form, HttpServletResponse response, Model model, RedirectAttributes redirect) {
        UnitForm typed = orEmpty(form);
        try {
            units.register(currentUser.get(), typed.input());
        } catch (DomainException e) {
            return myUnitRefused(e, response, model, "", "register", typed, null);
        }
        redirect.addFlashAttribute("message", "onboarding.unit-registered");
        return "redirect:/portal/my-unit";
    }

    @PostMapping("/portal/my-unit/units/{id}")
    String resubmitUnit(@PathVariable long id, UnitForm form, HttpServletResponse response, Model model,
                        RedirectAttributes redirect) {
        UnitForm typed = orEmpty(form);
        try {
            units.resubmit(currentUser.get(), id, typed.input());
        } catch (DomainException e) {
            if (e.status().value() == 404) {
                throw e;
            }
            return myUnitRefused(e, response, model, "", "unit-" + id, UnitForm.empty(), Map.entry(id, typed));
        }
        redirect.addFlashAttribute("message", "onboarding.unit-resubmitted");
        return "redirect:/portal/my-unit";
    }

    private String myUnitRefused(DomainException e, HttpServletResponse response, Model model, String q, String target,
                                 UnitForm unitForm, Map.Entry<Long, UnitForm> corrected) {
        response.setStatus(e.status().value());
        model.addAttribute("error", problems.of(e).getDetail());
        return myUnit(model, q, null, target, problems.byField(e), unitForm, corrected);
    }

    private String myUnit(Model model, String q, Integer page, String target, Map<String, String> errors,
                          UnitForm unitForm, Map.Entry<Long, UnitForm> corrected) {
        UserAccount user = currentUser.get();
        if (isStaff(user)) {
            throw DomainException.forbidden();
        }
        List<UnitRegistry.Unit> registered = units.registeredBy(user.username());
        Map<Long, UnitForm> returned = new LinkedHashMap<>();
        registered.stream().filter(u -> UnitRegistry.RETURNED.equals(u.status()))
                .forEach(u -> returned.put(u.id(), corrected != null && corrected.getKey() == u.id()
                        ? corrected.getValue() : UnitForm.of(u)));
        model.addAttribute("person", staff.person(user.username()));
        model.addAttribute("affiliations", affiliations.of(user.username()));
        model.addAttribute("q", q);
        model.addAttribute("found", units.approved(q, page, UNITS_PER_PAGE));
        model.addAttribute("registered", registered);
        model.addAttribute("returnedForms", returned);
        model.addAttribute("unitForm", unitForm);
        model.addAttribute("unitTypes", UnitType.values());
        model.addAttribute("target", target);
        model.addAttribute("errors", errors);
        model.addAttribute("noErrors", Map.of());
        return "portal/my-unit";
    }

    // ---- 本单位人员 / Unit members ----

    @GetMapping("/portal/unit/members")
    String members(@RequestParam(defaultValue = "") String status, @RequestParam(required = false) Integer page,
                   Model model) {
        return members(model, status, page, "", Map.of(), "");
    }

    @PostMapping("/portal/unit/members/{id}/confirmation")
    String confirm(@PathVariable long id, HttpServletResponse response, Model model, RedirectAttributes redirect) {
        ownUnit();
        try {
            affiliations.confirm(currentUser.get(), id);
        } catch (DomainException e) {
            return membersRefused(e, response, model, "confirm-" + id, "");
        }
        redirect.addFlashAttribute("message", "onboarding.confirmed");
        return "redirect:/portal/unit/members";
    }

    @PostMapping("/portal/unit/members/{id}/refusal")
    String refuse(@PathVariable long id, @RequestParam(defaultValue = "") String reason, HttpServletResponse response,
                  Model model, RedirectAttributes redirect) {
        ownUnit();
        try {
            affiliations.refuse(currentUser.get(), id, reason);
        } catch (DomainException e) {
            return membersRefused(e, response, model, "refuse-" + id, "");
        }
        redirect.addFlashAttribute("message", "onboarding.refused");
        return "redirect:/portal/unit/members";
    }

    @PostMapping("/portal/unit/members/{id}/end")
    String endMembership(@PathVariable long id, @RequestParam(defaultValue = "") String reason,
                         HttpServletResponse response, jakarta.servlet.http.HttpServletRequest request, Model model,
                         RedirectAttributes redirect) {
        long unitId = ownUnit();
        // only this unit's people: the bureau's wider right to end affiliations is used on its own pages
        Affiliations.Affiliation ended = affiliations.find(id).filter(a -> a.unitId() == unitId)
                .orElseThrow(DomainException::notFound);
        try {
            affiliations.end(currentUser.get(), id, reason);
            if (ended.username().equals(currentUser.get().username())) {
                AccountStateFilter.keepAfterOwnChange(request, users, ended.username());
            }
        } catch (DomainException e) {
            return membersRefused(e, response, model, "end-" + id, "");
        }
        redirect.addFlashAttribute("message", "onboarding.ended");
        return "redirect:/portal/unit/members";
    }

    @PostMapping("/portal/unit/members/administrators")
    String nominate(@RequestParam(defaultValue = "") String username, HttpServletResponse response, Model model,
                    RedirectAttributes redirect) {
        long unitId = ownUnit();
        try {
            affiliations.nominateAdministrator(currentUser.get(), unitId, username);
        } catch (DomainException e) {
            return membersRefused(e, response, model, "nominate", username);
        }
        redirect.addFlashAttribute("message", "onboarding.nominated");
        return "redirect:/portal/unit/members";
    }

    private String membersRefused(DomainException e, HttpServletResponse response, Model model, String target,
                                  String nominee) {
        response.setStatus(e.status().value());
        model.addAttribute("error", problems.of(e).getDetail());
        return members(model, "", null, target, problems.byField(e), nominee);
    }

    private String members(Model model, String status, Integer page, String target, Map<String, String> errors,
                           String nominee) {
        long unitId = ownUnit();
        UserAccount user = currentUser.get();
        model.addAttribute("unit", units.readableBy(user, unitId));
        model.addAttribute("result", affiliations.ofUnit(user, unitId, status, page, MEMBERS_PER_PAGE));
        model.addAttribute("status", status);
        model.addAttribute("statuses", List.of(Affiliations.REQUESTED, Affiliations.CONFIRMED, Affiliations.REFUSED,
                Affiliations.WITHDRAWN, Affiliations.ENDED));
        model.addAttribute("target", target);
        model.addAttribute("errors", errors);
        model.addAttribute("nominee", nominee);
        return "portal/unit-members";
    }

    /** The unit the signed-in unit administrator acts for; anyone else is refused (403). */
    private long ownUnit() {
        UserAccount user = currentUser.get();
        if (!user.has(Role.UNIT_ADMIN) || user.unitId() == null) {
            throw DomainException.forbidden();
        }
        return user.unitId();
    }

    static boolean isStaff(UserAccount user) {
        return user.has(Role.ADMIN) || user.has(Role.PROGRAM_MANAGER) || user.has(Role.DIRECTOR);
    }

    private static UnitForm orEmpty(UnitForm f) {
        return new UnitForm(n(f.name()), n(f.creditCode()), n(f.type()), n(f.address()), n(f.district()),
                n(f.localRegistered()), n(f.contactName()), n(f.contactPhone()), n(f.contactEmail()), n(f.administrators()));
    }

    private static String n(String s) {
        return s == null ? "" : s;
    }
}

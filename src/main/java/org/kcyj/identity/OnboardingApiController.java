package org.kcyj.identity;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import jakarta.servlet.http.HttpServletRequest;

import org.springframework.http.HttpStatus;
import org.springframework.security.access.prepost.PreAuthorize;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/**
 * Onboarding over REST (docs/accounts.md): people register and confirm their address, units register and the bureau
 * decides on them, people ask to join units and the units' administrators decide. The portal's pages use the same
 * services.
 */
@RestController
@Tag(name = "onboarding", description = "注册、单位与人员 Registration, units and their people")
class OnboardingApiController {
    private final Registration registration;
    private final UnitRegistry units;
    private final Affiliations affiliations;
    private final StaffAdministration staff;
    private final CurrentUser currentUser;

    OnboardingApiController(Registration registration, UnitRegistry units, Affiliations affiliations,
                            StaffAdministration staff, CurrentUser currentUser) {
        this.registration = registration;
        this.units = units;
        this.affiliations = affiliations;
        this.staff = staff;
        this.currentUser = currentUser;
    }

    @PostMapping("/api/v1/registrations")
    @ResponseStatus(HttpStatus.ACCEPTED)
    @Operation(summary = "Register a person (public): {username, displayName, email, phone, idType (RESIDENT_ID, "
            + "HK_MACAO_PERMIT, TAIWAN_PERMIT, PASSPORT), idNumber, title, degree (DOCTORATE, MASTER, BACHELOR, OTHER), "
            + "disciplineCodes[], password, consent}. 400 lists every problem; 429 after too many from one address. "
            + "Otherwise 202 whatever is already known: a link to confirm the address, or what went wrong, is mailed")
    Map<String, Object> register(@RequestBody(required = false) Registration.PersonInput body, HttpServletRequest request) {
        registration.register(body, request.getRemoteAddr());
        return Map.of("status", "CHECK_MAILBOX", "linkValidHours", registration.linkValidityHours(),
                "privacyNoticeVersion", registration.noticeVersion());
    }

    record Verification(String token) {
    }

    @PostMapping("/api/v1/registrations/verification")
    @Operation(summary = "Confirm a registration with the token mailed to the address (public); the account can sign "
            + "in from now on. 400 when the token is unknown, used or expired")
    Map<String, Object> verify(@RequestBody(required = false) Verification body) {
        return Map.of("username", registration.verify(body == null ? null : body.token()));
    }

    @GetMapping("/api/v1/me")
    @Operation(summary = "The signed-in person: account, roles, unit, affiliations and registered units")
    Map<String, Object> me() {
        UserAccount user = currentUser.get();
        StaffAdministration.Person person = staff.person(user.username());
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("username", person.username());
        me.put("displayName", person.displayName());
        me.put("email", person.email());
        me.put("idNumberMasked", person.idNumberMasked());
        me.put("roles", person.roles());
        me.put("programmes", person.programmes());
        me.put("unitId", person.unitId());
        me.put("unitName", person.unitName());
        me.put("affiliations", affiliations.of(user.username()));
        me.put("registeredUnits", units.registeredBy(user.username()));
        return me;
    }

    record AffiliationRequest(Long unitId, String unitCreditCode, String role) {
    }

    @GetMapping("/api/v1/me/affiliations")
    @Operation(summary = "One's own affiliations (memberships of units), newest first, ended ones included")
    List<Affiliations.Affiliation> myAffiliations() {
        return affiliations.of(currentUser.get().username());
    }

    @PostMapping("/api/v1/me/affiliations")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Ask to join an approved unit: {unitId or unitCreditCode, role: APPLICANT or DEMAND_OWNER}; "
            + "its administrator confirms or refuses. Joining another unit ends the current one when confirmed")
    Affiliations.Affiliation requestAffiliation(@RequestBody(required = false) AffiliationRequest body) {
        AffiliationRequest in = body == null ? new AffiliationRequest(null, null, null) : body;
        Long unitId = in.unitId();
        if (unitId == null && in.unitCreditCode() != null && !in.unitCreditCode().isBlank()) {
            unitId = units.byCreditCode(in.unitCreditCode()).filter(u -> UnitRegistry.APPROVED.equals(u.status()))
                    .map(UnitRegistry.Unit::id).orElse(-1L);
        }
        if (unitId == null) {
            throw org.kcyj.shared.DomainException.invalid("unitId", "validation.required");
        }
        return affiliations.request(currentUser.get(), unitId, in.role());
    }

    record Reason(String reason) {
    }

    @PostMapping("/api/v1/affiliations/{id}/confirmation")
    @Operation(summary = "Confirm a request to join: by the unit's administrator (applicants, demand owners) or the "
            + "bureau (unit administrators); never one's own (403)")
    Affiliations.Affiliation confirm(@PathVariable long id) {
        return affiliations.confirm(currentUser.get(), id);
    }

    @PostMapping("/api/v1/affiliations/{id}/refusal")
    @Operation(summary = "Refuse a request to join, with the reason the person is shown: {reason}")
    Affiliations.Affiliation refuse(@PathVariable long id, @RequestBody(required = false) Reason body) {
        return affiliations.refuse(currentUser.get(), id, body == null ? null : body.reason());
    }

    @PostMapping("/api/v1/affiliations/{id}/end")
    @Operation(summary = "End a confirmed affiliation (the person leaves, or the unit or the bureau ends it): "
            + "{reason}; its role is taken away, the history stays")
    Affiliations.Affiliation end(@PathVariable long id, @RequestBody(required = false) Reason body) {
        return affiliations.end(currentUser.get(), id, body == null ? null : body.reason());
    }

    @PostMapping("/api/v1/affiliations/{id}/withdrawal")
    @Operation(summary = "Withdraw one's own request to join before it is decided")
    Affiliations.Affiliation withdraw(@PathVariable long id) {
        return affiliations.withdraw(currentUser.get(), id);
    }

    @GetMapping("/api/v1/units")
    @Operation(summary = "Units. The bureau (ADMIN): every unit by name or credit code (q) and status (PENDING, "
            + "APPROVED, RETURNED), with contacts. Anyone else: approved units only (name, credit code, type, "
            + "district), to ask to join one. Paged: page from 0, size up to 100")
    ResultPage<?> units(@RequestParam(required = false) String q, @RequestParam(required = false) String status,
                        @RequestParam(required = false) Integer page, @RequestParam(required = false) Integer size) {
        UserAccount user = currentUser.get();
        return user.has(Role.ADMIN) ? units.search(user, q, status, page, size) : units.approved(q, page, size);
    }

    @PostMapping("/api/v1/units")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Register a unit for the bureau's approval: {name, creditCode (统一社会信用代码, check "
            + "character verified), type (UNIVERSITY, INSTITUTE, ENTERPRISE, HOSPITAL, OTHER), address, district, "
            + "localRegistered, contactName, contactPhone, contactEmail, administrators[] (user names; the registrant "
            + "is always one)}. 409 when the credit code is registered already")
    UnitRegistry.Unit registerUnit(@RequestBody(required = false) UnitRegistry.UnitInput body) {
        return units.register(currentUser.get(), body);
    }

    @GetMapping("/api/v1/units/{id}")
    @Operation(summary = "A unit: for the bureau, its registrant and its administrators (404 to others)")
    UnitRegistry.Unit unit(@PathVariable long id) {
        return units.readableBy(currentUser.get(), id);
    }

    @PutMapping("/api/v1/units/{id}")
    @Operation(summary = "Correct a returned unit and submit it again (its registrant only)")
    UnitRegistry.Unit resubmit(@PathVariable long id, @RequestBody(required = false) UnitRegistry.UnitInput body) {
        return units.resubmit(currentUser.get(), id, body);
    }

    @PostMapping("/api/v1/units/{id}/approval")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "The bureau approves a unit; its named administrators are confirmed")
    UnitRegistry.Unit approve(@PathVariable long id) {
        return units.approve(currentUser.get(), id);
    }

    @PostMapping("/api/v1/units/{id}/return")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "The bureau returns a unit for correction: {reason}, shown to its registrant")
    UnitRegistry.Unit returnUnit(@PathVariable long id, @RequestBody(required = false) Reason body) {
        return units.returnForCorrection(currentUser.get(), id, body == null ? null : body.reason());
    }

    @GetMapping("/api/v1/units/{id}/members")
    @Operation(summary = "A unit's people (requests first, then members, then history) for its administrators and "
            + "the bureau; status filter; paged. ID numbers masked")
    ResultPage<Affiliations.Affiliation> members(@PathVariable long id, @RequestParam(required = false) String status,
                                                 @RequestParam(required = false) Integer page,
                                                 @RequestParam(required = false) Integer size) {
        return affiliations.ofUnit(currentUser.get(), id, status, page, size);
    }

    record Nomination(String username) {
    }

    @PostMapping("/api/v1/units/{id}/administrators")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "A unit administrator names another member of the unit as administrator: {username}; the "
            + "bureau confirms it (POST /api/v1/affiliations/{id}/confirmation)")
    Affiliations.Affiliation nominate(@PathVariable long id, @RequestBody(required = false) Nomination body) {
        return affiliations.nominateAdministrator(currentUser.get(), id, body == null ? null : body.username());
    }

    @GetMapping("/api/v1/affiliation-requests")
    @PreAuthorize("hasRole('ADMIN')")
    @Operation(summary = "For the bureau: requests to administer approved units, waiting for confirmation")
    List<Affiliations.Affiliation> pendingAdministrators() {
        return affiliations.pendingAdministration(currentUser.get());
    }
}

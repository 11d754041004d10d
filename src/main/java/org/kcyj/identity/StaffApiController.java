package org.kcyj.identity;

import java.util.Map;

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

/** The bureau's administrators manage staff and accounts (docs/accounts.md). */
@RestController
@PreAuthorize("hasRole('ADMIN')")
@Tag(name = "staff", description = "工作人员与账户 Staff and accounts (administrators)")
class StaffApiController {
    private final StaffAdministration staff;
    private final CurrentUser currentUser;

    StaffApiController(StaffAdministration staff, CurrentUser currentUser) {
        this.staff = staff;
        this.currentUser = currentUser;
    }

    @GetMapping("/api/v1/people")
    @Operation(summary = "Find people by name, user name or e-mail (q), role and status (ACTIVE, UNVERIFIED, "
            + "DEACTIVATED, ERASED); paged (page from 0, size up to 100); ID numbers masked")
    ResultPage<StaffAdministration.Person> people(@RequestParam(required = false) String q,
                                                  @RequestParam(required = false) String role,
                                                  @RequestParam(required = false) String status,
                                                  @RequestParam(required = false) Integer page,
                                                  @RequestParam(required = false) Integer size) {
        return staff.search(currentUser.get(), q, role, status, page, size);
    }

    @GetMapping("/api/v1/people/{username}")
    @Operation(summary = "One person's account")
    StaffAdministration.Person person(@PathVariable String username) {
        return staff.read(currentUser.get(), username);
    }

    @PostMapping("/api/v1/staff")
    @ResponseStatus(HttpStatus.CREATED)
    @Operation(summary = "Create a staff account: {username, displayName, email, roles[] (PROGRAM_MANAGER, DIRECTOR, "
            + "ADMIN), programmes[] (专项 codes, managers only), initialPassword (changed at first sign-in, valid 7 "
            + "days), reason}")
    StaffAdministration.Person create(@RequestBody(required = false) StaffAdministration.StaffInput body) {
        return staff.createStaff(currentUser.get(), body);
    }

    @PutMapping("/api/v1/people/{username}/roles")
    @Operation(summary = "Set a person's staff roles and a manager's 专项: {roles[], programmes[], reason}; never "
            + "one's own (403); the last administrator stays (409); audited; their sessions end")
    StaffAdministration.Person roles(@PathVariable String username,
                                     @RequestBody(required = false) StaffAdministration.RoleChange body) {
        return staff.changeRoles(currentUser.get(), username, body);
    }

    record Reason(String reason) {
    }

    @PostMapping("/api/v1/people/{username}/deactivation")
    @Operation(summary = "Deactivate an account: {reason}; it cannot sign in, its sessions end, its history stays")
    StaffAdministration.Person deactivate(@PathVariable String username, @RequestBody(required = false) Reason body) {
        return staff.deactivate(currentUser.get(), username, body == null ? null : body.reason());
    }

    @PostMapping("/api/v1/people/{username}/reactivation")
    @Operation(summary = "Reactivate a deactivated account: {reason}")
    StaffAdministration.Person reactivate(@PathVariable String username, @RequestBody(required = false) Reason body) {
        return staff.reactivate(currentUser.get(), username, body == null ? null : body.reason());
    }

    @GetMapping("/api/v1/people/{username}/history")
    @Operation(summary = "An account's audited history: registration, roles, state, password and address changes")
    java.util.List<Map<String, Object>> history(@PathVariable String username) {
        return staff.history(currentUser.get(), username);
    }
}

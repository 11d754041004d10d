package org.kcyj.identity;

import java.time.Instant;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;

import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.tags.Tag;

/** The signed-in user's own account, for scripts. */
@RestController
@Tag(name = "account", description = "我的账户 My account")
class AccountApiController {
    private final AccountService accounts;
    private final CurrentUser currentUser;

    AccountApiController(AccountService accounts, CurrentUser currentUser) {
        this.accounts = accounts;
        this.currentUser = currentUser;
    }

    @Schema(name = "PasswordChange", description = "The current password and the new one")
    record PasswordChange(
            @Schema(description = "当前密码", requiredMode = Schema.RequiredMode.REQUIRED) String currentPassword,
            @Schema(description = "新密码: at least 15 characters (kcyj.password.min-length), at most 128, any "
                    + "Unicode; not a common or breached password, not the user name, name or e-mail",
                    requiredMode = Schema.RequiredMode.REQUIRED) String newPassword) {
    }

    @PostMapping("/api/v1/me/password")
    @Operation(summary = "Change one's own password (the current one required); 400 lists every problem; the "
            + "account's other sessions end and a notice is mailed. Allowed while an initial password must be changed")
    ResponseEntity<Void> changePassword(@RequestBody(required = false) PasswordChange body, HttpServletRequest request) {
        PasswordChange input = body == null ? new PasswordChange(null, null) : body;
        Instant at = accounts.changePassword(currentUser.get().username(), input.currentPassword(), input.newPassword(),
                null);
        HttpSession session = request.getSession(false);
        if (session != null) {
            request.changeSessionId();
            AccountStateFilter.signedInNow(session, at);
        }
        return ResponseEntity.noContent().build();
    }
}

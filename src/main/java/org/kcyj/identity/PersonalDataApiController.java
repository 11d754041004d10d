package org.kcyj.identity;

import java.util.Map;

import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.tags.Tag;

/** A person's own data under PIPL: download it, have it erased (docs/accounts.md). */
@RestController
@Tag(name = "account", description = "我的账户 My account")
class PersonalDataApiController {
    private final PersonalData data;
    private final CurrentUser currentUser;
    private final PersonalDataViews views;

    PersonalDataApiController(PersonalData data, CurrentUser currentUser, PersonalDataViews views) {
        this.data = data;
        this.currentUser = currentUser;
        this.views = views;
    }

    @GetMapping("/api/v1/me/data")
    @Operation(summary = "Download everything the product holds about oneself, as JSON (one's own ID number in full)")
    ResponseEntity<Map<String, Object>> export() {
        String username = currentUser.get().username();
        return ResponseEntity.ok()
                .header(HttpHeaders.CONTENT_DISPOSITION, "attachment; filename=\"kcyj-personal-data-" + username + ".json\"")
                .header(HttpHeaders.CACHE_CONTROL, "no-store")
                .contentType(MediaType.APPLICATION_JSON).body(data.export(username));
    }

    record ErasureRequest(String currentPassword) {
    }

    @PostMapping("/api/v1/me/erasure")
    @Operation(summary = "Erase one's personal data (the current password required): the account ends; the answer "
            + "lists what was erased and what was kept, with the reason the record-keeping rules give")
    Map<String, Object> erase(@RequestBody(required = false) ErasureRequest body) {
        PersonalData.Erasure erasure = data.erase(currentUser.get().username(), body == null ? null : body.currentPassword());
        return views.describe(erasure);
    }
}

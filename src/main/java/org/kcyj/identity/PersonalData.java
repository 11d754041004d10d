package org.kcyj.identity;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.kcyj.audit.AuditLog;
import org.kcyj.shared.DomainException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A person's rights over their personal data under PIPL (docs/accounts.md): to download what the product holds about
 * them, and to have it erased. Erasure anonymises the account (name, address, phone, title, degree, disciplines, ID
 * number, password, single sign-on links) and ends it; what the record-keeping rules require stays, each with the
 * reason shown (other modules erase theirs on {@link PersonalDataErased}: the expert pool its profile): the
 * applications and reviews a person submitted (project archives; their modules say what they keep as
 * {@link PersonalDataHolder}s), their unit memberships as the
 * history of those applications, the audit log (the legal record, insert-only) and the consent records (proof of
 * lawful processing). The user name stays as the pseudonym those records point to.
 */
@Service
public class PersonalData {
    private final JdbcClient jdbc;
    private final UserDirectory users;
    private final Affiliations affiliations;
    private final PersonalDataCipher cipher;
    private final AccountService accounts;
    private final PasswordEncoder encoder;
    private final AuditLog audit;
    private final Clock clock;
    private final org.springframework.context.ApplicationEventPublisher events;
    private final List<PersonalDataHolder> holders;
    private final SecureRandom random = new SecureRandom();

    PersonalData(JdbcClient jdbc, UserDirectory users, Affiliations affiliations, PersonalDataCipher cipher,
                 AccountService accounts, PasswordEncoder encoder, AuditLog audit, Clock clock,
                 org.springframework.context.ApplicationEventPublisher events, List<PersonalDataHolder> holders) {
        this.events = events;
        this.holders = List.copyOf(holders);
        this.jdbc = jdbc;
        this.users = users;
        this.affiliations = affiliations;
        this.cipher = cipher;
        this.accounts = accounts;
        this.encoder = encoder;
        this.audit = audit;
        this.clock = clock;
    }

    /** What was erased and what was kept, with the reason for each kept item (message codes with arguments). */
    public record Erasure(Instant at, List<String> erased, List<Kept> kept) {
    }

    public record Kept(String item, String reason) {
    }

    /** Everything the product holds about the person, as they may read it (their own ID number in full). */
    @Transactional(readOnly = true)
    public Map<String, Object> export(String username) {
        Map<String, Object> account = jdbc.sql("""
                        select username, display_name, email, phone, title, degree, discipline_codes, id_type, id_number_cipher,
                            international, created_at, email_verified_at, unit_id from app.app_user where username = ?""")
                .param(username)
                .query((rs, i) -> {
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("username", rs.getString(1));
                    m.put("displayName", rs.getString(2));
                    m.put("email", rs.getString(3));
                    m.put("phone", rs.getString(4));
                    m.put("title", rs.getString(5));
                    m.put("degree", rs.getString(6));
                    m.put("disciplineCodes", rs.getString(7) == null || rs.getString(7).isBlank() ? List.of()
                            : List.of(rs.getString(7).split(",")));
                    m.put("idType", rs.getString(8));
                    m.put("idNumber", rs.getString(9) == null ? null : cipher.decrypt(rs.getString(9)));
                    m.put("international", rs.getBoolean(10));
                    m.put("createdAt", rs.getTimestamp(11).toInstant().toString());
                    m.put("emailVerifiedAt", rs.getTimestamp(12) == null ? null : rs.getTimestamp(12).toInstant().toString());
                    m.put("unitId", rs.getObject(13, Long.class));
                    return m;
                }).optional().orElseThrow(DomainException::notFound);
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("exportedAt", Instant.now(clock).toString());
        data.put("account", account);
        data.put("roles", users.rolesOf(username).stream().map(Enum::name).sorted().toList());
        data.put("affiliations", affiliations.of(username).stream().map(a -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("unit", a.unitName());
            m.put("role", a.role());
            m.put("status", a.status());
            m.put("requestedAt", a.requestedAt().toString());
            m.put("decidedAt", a.decidedAt() == null ? null : a.decidedAt().toString());
            m.put("reason", a.reason());
            m.put("endedAt", a.endedAt() == null ? null : a.endedAt().toString());
            m.put("endReason", a.endReason());
            return m;
        }).toList());
        data.put("privacyConsents", jdbc.sql("select notice_version, accepted_at from app.privacy_consent where username = ? order by id")
                .param(username).query((rs, i) -> Map.of("noticeVersion", rs.getString(1),
                        "acceptedAt", rs.getTimestamp(2).toInstant().toString())).list());
        data.put("singleSignOnLinks", jdbc.sql("select issuer, linked_at from app.sso_link where username = ? order by linked_at")
                .param(username).query((rs, i) -> Map.of("issuer", rs.getString(1),
                        "linkedAt", rs.getTimestamp(2).toInstant().toString())).list());
        holders.forEach(holder -> data.putAll(holder.export(username)));
        data.put("erasures", jdbc.sql("select requested_at, erased, kept from app.erasure_request where username = ? order by id")
                .param(username).query((rs, i) -> Map.of("at", rs.getTimestamp(1).toInstant().toString(),
                        "erased", rs.getString(2), "kept", rs.getString(3))).list());
        data.put("accountEvents", audit.forSubject("USER-" + username).stream().map(e -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("at", e.occurredAt().toString());
            m.put("action", e.action());
            m.put("detail", e.detail());
            return m;
        }).toList());
        return data;
    }

    /**
     * Erases the person's data as far as the record-keeping rules allow, after their current password (a password
     * guess like any other: throttled and counted). The account ends with it.
     */
    @Transactional
    public Erasure erase(String username, String currentPassword) {
        UserAccount person = users.require(username);
        accounts.confirmPassword(username, currentPassword);
        if (person.has(Role.ADMIN) && jdbc.sql("""
                        select count(*) from app.user_role r join app.app_user u on u.username = r.username
                        where r.role = 'ADMIN' and u.enabled and u.username <> ?""")
                .param(username).query(Integer.class).single() == 0) {
            throw DomainException.conflict("error.staff.last-admin");
        }
        Instant now = Instant.now(clock);
        List<String> erased = new ArrayList<>(List.of("displayName", "email", "phone", "title", "degree",
                "disciplineCodes", "idNumber", "password", "singleSignOnLinks", "openLinks"));
        List<Kept> kept = new ArrayList<>();
        kept.add(new Kept("username", "erasure.kept.username"));
        holders.forEach(holder -> kept.addAll(holder.kept(username)));
        if (!affiliations.of(username).isEmpty()) {
            kept.add(new Kept("affiliations", "erasure.kept.affiliations"));
        }
        kept.add(new Kept("auditLog", "erasure.kept.audit"));
        kept.add(new Kept("privacyConsents", "erasure.kept.consents"));

        affiliations.endAll(username, username, "personal data erased at the person's request");
        byte[] unusable = new byte[32];
        random.nextBytes(unusable);
        jdbc.sql("""
                        update app.app_user set display_name = ?, email = null, phone = null, title = null, degree = null,
                            discipline_codes = null, id_type = null, id_number_hash = null, id_number_cipher = null,
                            id_number_masked = null, password_hash = ?, enabled = false, anonymised_at = ?,
                            deactivated_at = ?, deactivated_by = ?, deactivation_reason = 'erasure requested'
                        where username = ?""")
                .params("已注销用户 " + username, encoder.encode(Base64.getEncoder().encodeToString(unusable)),
                        Timestamp.from(now), Timestamp.from(now), username, username)
                .update();
        jdbc.sql("delete from app.sso_link where username = ?").param(username).update();
        jdbc.sql("update app.account_token set used_at = ? where username = ? and used_at is null")
                .params(Timestamp.from(now), username).update();
        PersonalDataErased elsewhere = new PersonalDataErased(username);
        events.publishEvent(elsewhere);
        erased.addAll(elsewhere.erased());
        users.accessChanged(username);
        jdbc.sql("insert into app.erasure_request (username, requested_at, erased, kept) values (?, ?, ?, ?)")
                .params(username, Timestamp.from(now), String.join(",", erased),
                        String.join(",", kept.stream().map(k -> k.item() + "=" + k.reason()).toList()))
                .update();
        audit.record(username, "PERSONAL_DATA_ERASED", "USER-" + username, "ACTIVE", "ERASED",
                "erased: " + String.join(", ", erased) + "; kept: " + String.join(", ", kept.stream().map(Kept::item).toList()));
        return new Erasure(now, erased, kept);
    }
}

package org.kcyj.identity;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.kcyj.audit.AuditLog;
import org.kcyj.mail.Mailer;
import org.kcyj.shared.DomainException;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A person's membership of a unit, in one role (docs/accounts.md). A researcher asks to join a unit as an applicant
 * (APPLICANT), an enterprise's staff member as a demand owner (DEMAND_OWNER): the unit's administrator confirms or
 * refuses (with a reason). A unit's administrators (UNIT_ADMIN) are named at its registration or later by another
 * of its administrators, and confirmed by the bureau. Only a confirmed affiliation gives the role and makes the
 * unit the one the person applies for. A person belongs to one unit at a time: when a new unit confirms them, their
 * affiliations elsewhere end. Ended, refused and withdrawn affiliations stay as the person's history; nobody
 * confirms their own.
 */
@Service
public class Affiliations {
    public static final String REQUESTED = "REQUESTED";
    public static final String CONFIRMED = "CONFIRMED";
    public static final String REFUSED = "REFUSED";
    public static final String WITHDRAWN = "WITHDRAWN";
    public static final String ENDED = "ENDED";
    /** The roles a unit gives; each comes only from a confirmed affiliation. */
    public static final Set<Role> UNIT_ROLES = Set.of(Role.APPLICANT, Role.DEMAND_OWNER, Role.UNIT_ADMIN);

    /** An affiliation with the names a reader needs; the ID number only masked. */
    public record Affiliation(long id, String username, String personName, String personTitle, String idNumberMasked,
                              String email, long unitId, String unitName, String role, String status,
                              String requestedBy, Instant requestedAt, String decidedBy, Instant decidedAt,
                              String reason, String endedBy, Instant endedAt, String endReason) {
    }

    private final JdbcClient jdbc;
    private final UserDirectory users;
    private final AuditLog audit;
    private final Mailer mailer;
    private final Clock clock;

    Affiliations(JdbcClient jdbc, UserDirectory users, AuditLog audit, Mailer mailer, Clock clock) {
        this.jdbc = jdbc;
        this.users = users;
        this.audit = audit;
        this.mailer = mailer;
        this.clock = clock;
    }

    /** A person asks to join an approved unit as an applicant or a demand owner. */
    @Transactional
    public Affiliation request(UserAccount person, long unitId, String roleName) {
        Role role = parseRole(roleName);
        if (role != Role.APPLICANT && role != Role.DEMAND_OWNER) {
            throw DomainException.invalid("role", "validation.option");
        }
        if (person.has(Role.ADMIN) || person.has(Role.PROGRAM_MANAGER) || person.has(Role.DIRECTOR)) {
            throw DomainException.conflict("error.affiliation.staff");
        }
        if (!users.emailVerified(person.username())) {
            throw DomainException.conflict("error.email-not-verified");
        }
        String status = jdbc.sql("select status from app.unit where id = ?").param(unitId).query(String.class).optional()
                .orElseThrow(() -> DomainException.invalid("unitId", "affiliation.unit-unknown"));
        if (!UnitRegistry.APPROVED.equals(status)) {
            throw DomainException.invalid("unitId", "affiliation.unit-unknown");
        }
        if (openOrConfirmed(person.username(), unitId, role)) {
            throw DomainException.conflict("error.affiliation.exists");
        }
        long id = insert(person.username(), unitId, role, person.username());
        audit.record(person.username(), "AFFILIATION_REQUESTED", subject(id), null, REQUESTED,
                role + " at " + UnitRegistry.subject(unitId));
        String unitName = unitName(unitId);
        for (String admin : administratorsOf(unitId)) {
            users.find(admin).ifPresent(a -> mailer.queue("affiliation-requested-" + id + "-" + admin, a.email(),
                    "【科创甬江2035】人员加入申请待确认 / A person asks to join your unit",
                    a.displayName() + "：您好！\n\n" + person.displayName() + " 申请以" + roleLabel(role) + "身份加入"
                            + unitName + "，请登录“本单位人员”页面确认或拒绝。\n\n" + person.displayName()
                            + " asks to join " + unitName + " as " + role.name().toLowerCase(Locale.ROOT).replace('_', ' ')
                            + "; confirm or refuse it on your unit's members page."));
        }
        return find(id).orElseThrow();
    }

    /** The person withdraws a request not yet decided. */
    @Transactional
    public Affiliation withdraw(UserAccount person, long id) {
        Affiliation a = find(id).filter(x -> x.username().equals(person.username())).orElseThrow(DomainException::notFound);
        int changed = jdbc.sql("update app.affiliation set status = 'WITHDRAWN', ended_by = ?, ended_at = ? where id = ? and status = 'REQUESTED'")
                .params(person.username(), now(), id).update();
        if (changed != 1) {
            throw DomainException.conflict("error.affiliation.not-requested");
        }
        audit.record(person.username(), "AFFILIATION_WITHDRAWN", subject(id), REQUESTED, WITHDRAWN, a.role());
        return find(id).orElseThrow();
    }

    /**
     * Confirms a request: the unit's administrator confirms applicants and demand owners, the bureau confirms unit
     * administrators. Nobody confirms their own request (403).
     */
    @Transactional
    public Affiliation confirm(UserAccount decider, long id) {
        Affiliation a = decidable(decider, id);
        apply(a, decider.username());
        audit.record(decider.username(), "AFFILIATION_CONFIRMED", subject(id), REQUESTED, CONFIRMED,
                a.role() + " " + a.username() + " at " + UnitRegistry.subject(a.unitId()));
        mailPerson(a, "affiliation-confirmed-" + id, "【科创甬江2035】加入单位已确认 / You joined your unit",
                "您以" + roleLabel(Role.valueOf(a.role())) + "身份加入" + a.unitName() + "的申请已确认。\n\n"
                        + "Your request to join " + a.unitName() + " was confirmed.");
        return find(id).orElseThrow();
    }

    /** Refuses a request, with the reason the person is shown. */
    @Transactional
    public Affiliation refuse(UserAccount decider, long id, String reason) {
        // who may decide first: someone else's request is not found, whatever the body
        Affiliation a = decidable(decider, id);
        String why = reason(reason);
        int changed = jdbc.sql("""
                        update app.affiliation set status = 'REFUSED', decided_by = ?, decided_at = ?, reason = ?
                        where id = ? and status = 'REQUESTED'""")
                .params(decider.username(), now(), why, id).update();
        if (changed != 1) {
            throw DomainException.conflict("error.affiliation.not-requested");
        }
        audit.record(decider.username(), "AFFILIATION_REFUSED", subject(id), REQUESTED, REFUSED, why);
        mailPerson(a, "affiliation-refused-" + id, "【科创甬江2035】加入单位申请未获确认 / Your request to join was refused",
                "您加入" + a.unitName() + "的申请未获确认，原因：" + why + "\n\nYour request to join " + a.unitName()
                        + " was refused: " + why);
        return find(id).orElseThrow();
    }

    /**
     * Ends a confirmed affiliation: the person themselves (they leave), the unit's administrator, or the bureau. The
     * role it gave is taken away; the row stays as history.
     */
    @Transactional
    public Affiliation end(UserAccount actor, long id, String reason) {
        Affiliation a = find(id).orElseThrow(DomainException::notFound);
        boolean self = a.username().equals(actor.username());
        if (!self && !administers(actor, a.unitId()) && !actor.has(Role.ADMIN)) {
            throw DomainException.notFound();
        }
        String why = reason(reason);
        if (!CONFIRMED.equals(a.status())) {
            throw DomainException.conflict("error.affiliation.not-confirmed");
        }
        endOne(a, actor.username(), why);
        users.accessChanged(a.username());
        return find(id).orElseThrow();
    }

    /** A unit administrator names another confirmed member of their unit as administrator, for the bureau to confirm. */
    @Transactional
    public Affiliation nominateAdministrator(UserAccount admin, long unitId, String username) {
        if (!administers(admin, unitId)) {
            throw DomainException.notFound();
        }
        String wanted = username == null ? "" : username.strip();
        boolean member = jdbc.sql("select count(*) from app.affiliation where username = ? and unit_id = ? and status = 'CONFIRMED'")
                .params(wanted, unitId).query(Integer.class).single() > 0;
        if (!member) {
            throw DomainException.invalid("username", "unit.administrator-not-member");
        }
        if (openOrConfirmed(wanted, unitId, Role.UNIT_ADMIN)) {
            throw DomainException.conflict("error.affiliation.exists");
        }
        long id = insert(wanted, unitId, Role.UNIT_ADMIN, admin.username());
        audit.record(admin.username(), "AFFILIATION_REQUESTED", subject(id), null, REQUESTED,
                "UNIT_ADMIN " + wanted + " at " + UnitRegistry.subject(unitId) + ", for the bureau to confirm");
        return find(id).orElseThrow();
    }

    /** Names an administrator at a unit's registration (confirmed when the bureau approves the unit). */
    void requestAdministration(UserAccount registrant, long unitId, String username) {
        long id = insert(username, unitId, Role.UNIT_ADMIN, registrant.username());
        audit.record(registrant.username(), "AFFILIATION_REQUESTED", subject(id), null, REQUESTED,
                "UNIT_ADMIN " + username + " named at the registration of " + UnitRegistry.subject(unitId));
    }

    /** A resubmitted unit names its administrators afresh: the open requests are replaced. */
    void replaceAdministrationRequests(UserAccount registrant, long unitId, List<String> usernames) {
        jdbc.sql("""
                        update app.affiliation set status = 'WITHDRAWN', ended_by = ?, ended_at = ?
                        where unit_id = ? and role = 'UNIT_ADMIN' and status = 'REQUESTED'""")
                .params(registrant.username(), now(), unitId).update();
        usernames.forEach(u -> requestAdministration(registrant, unitId, u));
    }

    /** The bureau approved the unit: its named administrators are confirmed. */
    void confirmAdministration(UserAccount bureau, long unitId) {
        List<Affiliation> named = jdbc.sql(SELECT + " where a.unit_id = ? and a.role = 'UNIT_ADMIN' and a.status = 'REQUESTED'")
                .param(unitId).query((rs, i) -> row(rs)).list();
        for (Affiliation a : named) {
            if (!users.enabled(a.username())) {
                continue;
            }
            apply(a, bureau.username());
            audit.record(bureau.username(), "AFFILIATION_CONFIRMED", subject(a.id()), REQUESTED, CONFIRMED,
                    "UNIT_ADMIN " + a.username() + " with the approval of " + UnitRegistry.subject(unitId));
        }
    }

    /** The confirmed administrators of a unit, or those named for it while it waits for approval. */
    public List<String> administratorsOf(long unitId) {
        return jdbc.sql("""
                        select distinct username from app.affiliation where unit_id = ? and role = 'UNIT_ADMIN'
                        and (status = 'CONFIRMED' or (status = 'REQUESTED' and exists
                            (select 1 from app.unit u where u.id = unit_id and u.status <> 'APPROVED')))
                        order by username""")
                .param(unitId).query(String.class).list();
    }

    /** Requests to administer an approved unit, for the bureau to confirm (oldest first). */
    public List<Affiliation> pendingAdministration(UserAccount bureau) {
        UnitRegistry.requireBureau(bureau);
        return jdbc.sql(SELECT + " where a.role = 'UNIT_ADMIN' and a.status = 'REQUESTED' and n.status = 'APPROVED' order by a.id")
                .query((rs, i) -> row(rs)).list();
    }

    /** A person's affiliations, newest first. */
    public List<Affiliation> of(String username) {
        return jdbc.sql(SELECT + " where a.username = ? order by a.id desc").param(username).query((rs, i) -> row(rs)).list();
    }

    /** A unit's affiliations for its administrator or the bureau: by status (all when empty), a page at a time. */
    public ResultPage<Affiliation> ofUnit(UserAccount reader, long unitId, String status, Integer page, Integer size) {
        if (!administers(reader, unitId) && !reader.has(Role.ADMIN)) {
            throw DomainException.notFound();
        }
        int[] b = ResultPage.bounds(page, size);
        String wanted = AccountInput.filter(status);
        String where = " where a.unit_id = ? and (cast(? as varchar(16)) is null or a.status = ?)";
        long total = jdbc.sql("select count(*) from app.affiliation a" + where).params(unitId, wanted, wanted)
                .query(Long.class).single();
        List<Affiliation> items = jdbc.sql(SELECT + where
                        + " order by case a.status when 'REQUESTED' then 0 when 'CONFIRMED' then 1 else 2 end, a.id desc"
                        + " offset ? rows fetch next ? rows only")
                .params(unitId, wanted, wanted, (long) b[0] * b[1], b[1]).query((rs, i) -> row(rs)).list();
        return new ResultPage<>(items, total, b[0], b[1]);
    }

    private int confirmedAdministrators(long unitId) {
        return jdbc.sql("select count(*) from app.affiliation where unit_id = ? and role = 'UNIT_ADMIN' and status = 'CONFIRMED'")
                .param(unitId).query(Integer.class).single();
    }

    /**
     * Whether the user is a confirmed administrator of the unit: by a confirmed affiliation, or, for accounts made
     * before affiliations were recorded (an upgraded database, the demo's), as a unit administrator whose unit it
     * is. The two agree for everyone else: a unit is a person's only while an affiliation with it is confirmed.
     */
    public boolean administers(UserAccount user, long unitId) {
        if (!user.has(Role.UNIT_ADMIN)) {
            return false;
        }
        if (user.unitId() != null && user.unitId() == unitId) {
            return true;
        }
        return jdbc.sql("""
                        select count(*) from app.affiliation where username = ? and unit_id = ? and role = 'UNIT_ADMIN'
                        and status = 'CONFIRMED'""")
                .params(user.username(), unitId).query(Integer.class).single() > 0;
    }

    public Optional<Affiliation> find(long id) {
        return jdbc.sql(SELECT + " where a.id = ?").param(id).query((rs, i) -> row(rs)).optional();
    }

    /** Ends every confirmed or open affiliation of a person (deactivation, erasure), taking the unit's roles. */
    void endAll(String username, String actor, String why) {
        for (Affiliation a : of(username)) {
            if (CONFIRMED.equals(a.status())) {
                endOne(a, actor, why);
            } else if (REQUESTED.equals(a.status())) {
                jdbc.sql("update app.affiliation set status = 'WITHDRAWN', ended_by = ?, ended_at = ?, end_reason = ? where id = ?")
                        .params(actor, now(), why, a.id()).update();
            }
        }
    }

    private Affiliation decidable(UserAccount decider, long id) {
        Affiliation a = find(id).orElseThrow(DomainException::notFound);
        // the bureau confirms unit administrators, and the people of a unit that has no administrator (yet)
        boolean bureauDecides = Role.UNIT_ADMIN.name().equals(a.role()) || confirmedAdministrators(a.unitId()) == 0;
        boolean may = bureauDecides ? decider.has(Role.ADMIN) : administers(decider, a.unitId());
        if (!may) {
            throw DomainException.notFound();
        }
        if (a.username().equals(decider.username())) {
            throw new DomainException(HttpStatus.FORBIDDEN, "error.self-grant");
        }
        if (!REQUESTED.equals(a.status())) {
            throw DomainException.conflict("error.affiliation.not-requested");
        }
        if (!users.enabled(a.username())) {
            throw DomainException.conflict("error.affiliation.person-inactive");
        }
        return a;
    }

    /** Confirms one request: affiliations at other units end; the role is given and the unit becomes theirs. */
    private void apply(Affiliation a, String decider) {
        int changed = jdbc.sql("""
                        update app.affiliation set status = 'CONFIRMED', decided_by = ?, decided_at = ?
                        where id = ? and status = 'REQUESTED'""")
                .params(decider, now(), a.id()).update();
        if (changed != 1) {
            throw DomainException.conflict("error.affiliation.not-requested");
        }
        for (Affiliation other : of(a.username())) {
            if (other.unitId() != a.unitId() && CONFIRMED.equals(other.status())) {
                endOne(other, decider, "joined " + a.unitName());
            }
        }
        users.setUnit(a.username(), a.unitId());
        users.grantRole(a.username(), Role.valueOf(a.role()));
        users.accessChanged(a.username());
    }

    private void endOne(Affiliation a, String actor, String why) {
        jdbc.sql("update app.affiliation set status = 'ENDED', ended_by = ?, ended_at = ?, end_reason = ? where id = ? and status = 'CONFIRMED'")
                .params(actor, now(), why, a.id()).update();
        Role role = Role.valueOf(a.role());
        boolean stillHeld = jdbc.sql("select count(*) from app.affiliation where username = ? and role = ? and status = 'CONFIRMED'")
                .params(a.username(), a.role()).query(Integer.class).single() > 0;
        if (!stillHeld) {
            users.revokeRole(a.username(), role);
        }
        boolean stillAtUnit = jdbc.sql("select count(*) from app.affiliation where username = ? and unit_id = ? and status = 'CONFIRMED'")
                .params(a.username(), a.unitId()).query(Integer.class).single() > 0;
        if (!stillAtUnit) {
            jdbc.sql("update app.app_user set unit_id = null where username = ? and unit_id = ?")
                    .params(a.username(), a.unitId()).update();
        }
        audit.record(actor, "AFFILIATION_ENDED", subject(a.id()), CONFIRMED, ENDED, a.role() + ": " + why);
    }

    private boolean openOrConfirmed(String username, long unitId, Role role) {
        return jdbc.sql("""
                        select count(*) from app.affiliation where username = ? and unit_id = ? and role = ?
                        and status in ('REQUESTED', 'CONFIRMED')""")
                .params(username, unitId, role.name()).query(Integer.class).single() > 0;
    }

    private long insert(String username, long unitId, Role role, String requestedBy) {
        Timestamp at = now();
        jdbc.sql("""
                        insert into app.affiliation (username, unit_id, role, status, requested_by, requested_at)
                        values (?, ?, ?, 'REQUESTED', ?, ?)""")
                .params(username, unitId, role.name(), requestedBy, at).update();
        return jdbc.sql("""
                        select max(id) from app.affiliation where username = ? and unit_id = ? and role = ?
                        and status = 'REQUESTED'""")
                .params(username, unitId, role.name()).query(Long.class).single();
    }

    private static final String SELECT = """
            select a.id, a.username, u.display_name, u.title, u.id_number_masked, u.email, a.unit_id, n.name, a.role,
                a.status, a.requested_by, a.requested_at, a.decided_by, a.decided_at, a.reason, a.ended_by, a.ended_at,
                a.end_reason
            from app.affiliation a join app.app_user u on u.username = a.username join app.unit n on n.id = a.unit_id""";

    private static Affiliation row(ResultSet rs) throws SQLException {
        return new Affiliation(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getLong(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11),
                instant(rs.getTimestamp(12)), rs.getString(13), instant(rs.getTimestamp(14)), rs.getString(15),
                rs.getString(16), instant(rs.getTimestamp(17)), rs.getString(18));
    }

    private String unitName(long unitId) {
        return jdbc.sql("select name from app.unit where id = ?").param(unitId).query(String.class).single();
    }

    private void mailPerson(Affiliation a, String key, String subject, String body) {
        users.find(a.username()).ifPresent(p -> mailer.queue(key, p.email(), subject, p.displayName() + "：您好！\n\n" + body));
    }

    private static Role parseRole(String raw) {
        try {
            return Role.valueOf(raw == null ? "" : raw.strip().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw DomainException.invalid("role", raw == null || raw.isBlank() ? "validation.required" : "validation.option");
        }
    }

    private static String reason(String raw) {
        String why = raw == null ? "" : raw.strip();
        if (why.isEmpty()) {
            throw DomainException.invalid("reason", "validation.required");
        }
        if (why.length() > 1000) {
            throw DomainException.invalid("reason", "validation.max-length", 1000);
        }
        return why;
    }

    private static String roleLabel(Role role) {
        return switch (role) {
            case APPLICANT -> "项目申报人";
            case DEMAND_OWNER -> "需求提出方";
            case UNIT_ADMIN -> "单位管理员";
            default -> role.name();
        };
    }

    private Timestamp now() {
        return Timestamp.from(Instant.now(clock));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    static String subject(long id) {
        return "AFFILIATION-" + id;
    }
}

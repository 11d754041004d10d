package org.kcyj.identity;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.kcyj.audit.AuditLog;
import org.kcyj.mail.Mailer;
import org.kcyj.shared.CreditCode;
import org.kcyj.shared.DomainException;
import org.kcyj.shared.FieldProblem;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Units (依托单位 / 出题企业) register themselves (docs/accounts.md): a person names the unit, its 统一社会信用代码
 * (check character verified; one registration per code), type, address, district, whether it is registered in the
 * city, a contact, and its administrators (themselves and other registered people). The bureau (an administrator)
 * approves it, which makes the named people its administrators, or returns it with a reason; the person who
 * registered it corrects and resubmits it. Every step is audited and mailed.
 */
@Service
public class UnitRegistry {
    public static final String PENDING = "PENDING";
    public static final String APPROVED = "APPROVED";
    public static final String RETURNED = "RETURNED";
    private static final int MAX_ADMINISTRATORS = 5;

    public record UnitInput(String name, String creditCode, String type, String address, String district,
                            Boolean localRegistered, String contactName, String contactPhone, String contactEmail,
                            List<String> administrators) {
    }

    /** A unit as the bureau and its administrators see it. */
    public record Unit(long id, String name, String creditCode, String type, String address, String district,
                       boolean localRegistered, String contactName, String contactPhone, String contactEmail,
                       String status, String statusReason, String registeredBy, Instant submittedAt, String decidedBy,
                       Instant decidedAt, List<String> administrators) {
    }

    /** What any signed-in person may know of an approved unit: enough to ask to join it. */
    public record UnitSummary(long id, String name, String creditCode, String type, String district) {
    }

    private final JdbcClient jdbc;
    private final UserDirectory users;
    private final Affiliations affiliations;
    private final AuditLog audit;
    private final Mailer mailer;
    private final Clock clock;

    UnitRegistry(JdbcClient jdbc, UserDirectory users, Affiliations affiliations, AuditLog audit, Mailer mailer, Clock clock) {
        this.jdbc = jdbc;
        this.users = users;
        this.affiliations = affiliations;
        this.audit = audit;
        this.mailer = mailer;
        this.clock = clock;
    }

    /** Registers a unit for the bureau's approval; the registrant is always one of its administrators. */
    @Transactional
    public Unit register(UserAccount registrant, UnitInput in) {
        requireMayRegister(registrant);
        Checked unit = check(in, registrant, null);
        Instant now = Instant.now(clock);
        try {
            jdbc.sql("""
                            insert into app.unit (name, credit_code, created_at, unit_type, address, district, local_registered,
                                contact_name, contact_phone, contact_email, status, registered_by, submitted_at)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'PENDING', ?, ?)""")
                    .params(unit.name(), unit.creditCode(), Timestamp.from(now), unit.type().name(), unit.address(),
                            unit.district(), unit.localRegistered(), unit.contactName(), unit.contactPhone(),
                            unit.contactEmail(), registrant.username(), Timestamp.from(now))
                    .update();
        } catch (DuplicateKeyException e) {
            throw DomainException.conflict("error.unit.duplicate-credit-code");
        }
        long id = jdbc.sql("select id from app.unit where credit_code = ?").param(unit.creditCode()).query(Long.class).single();
        for (String admin : unit.administrators()) {
            affiliations.requestAdministration(registrant, id, admin);
        }
        audit.record(registrant.username(), "UNIT_REGISTERED", subject(id), null, PENDING,
                unit.name() + " " + unit.creditCode() + "; administrators " + String.join(", ", unit.administrators()));
        return find(id).orElseThrow();
    }

    /**
     * The bureau enters a unit itself (one that applied on paper, or whose people the bureau confirms until it names
     * an administrator): approved at once, with no administrators; its people are confirmed by the bureau until it
     * has one ({@link Affiliations#confirm}).
     */
    @Transactional
    public Unit registerByBureau(UserAccount bureau, UnitInput in) {
        requireBureau(bureau);
        UnitInput withoutAdministrators = in == null ? null : new UnitInput(in.name(), in.creditCode(), in.type(),
                in.address(), in.district(), in.localRegistered(), in.contactName(), in.contactPhone(), in.contactEmail(), List.of());
        Checked unit = check(withoutAdministrators, bureau, null);
        Instant now = Instant.now(clock);
        try {
            jdbc.sql("""
                            insert into app.unit (name, credit_code, created_at, unit_type, address, district, local_registered,
                                contact_name, contact_phone, contact_email, status, registered_by, submitted_at, decided_by,
                                decided_at)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'APPROVED', ?, ?, ?, ?)""")
                    .params(unit.name(), unit.creditCode(), Timestamp.from(now), unit.type().name(), unit.address(),
                            unit.district(), unit.localRegistered(), unit.contactName(), unit.contactPhone(),
                            unit.contactEmail(), bureau.username(), Timestamp.from(now), bureau.username(), Timestamp.from(now))
                    .update();
        } catch (DuplicateKeyException e) {
            throw DomainException.conflict("error.unit.duplicate-credit-code");
        }
        long id = jdbc.sql("select id from app.unit where credit_code = ?").param(unit.creditCode()).query(Long.class).single();
        audit.record(bureau.username(), "UNIT_APPROVED", subject(id), null, APPROVED, "entered by the bureau: " + unit.name());
        return find(id).orElseThrow();
    }

    /** The registrant corrects a returned unit and submits it again. */
    @Transactional
    public Unit resubmit(UserAccount registrant, long id, UnitInput in) {
        Unit current = find(id).filter(u -> u.registeredBy() != null && u.registeredBy().equals(registrant.username()))
                .orElseThrow(DomainException::notFound);
        if (!RETURNED.equals(current.status())) {
            throw DomainException.conflict("error.unit.not-returned");
        }
        Checked unit = check(in, registrant, id);
        Instant now = Instant.now(clock);
        try {
            jdbc.sql("""
                            update app.unit set name = ?, credit_code = ?, unit_type = ?, address = ?, district = ?,
                                local_registered = ?, contact_name = ?, contact_phone = ?, contact_email = ?,
                                status = 'PENDING', submitted_at = ? where id = ? and status = 'RETURNED'""")
                    .params(unit.name(), unit.creditCode(), unit.type().name(), unit.address(), unit.district(),
                            unit.localRegistered(), unit.contactName(), unit.contactPhone(), unit.contactEmail(),
                            Timestamp.from(now), id)
                    .update();
        } catch (DuplicateKeyException e) {
            throw DomainException.conflict("error.unit.duplicate-credit-code");
        }
        affiliations.replaceAdministrationRequests(registrant, id, unit.administrators());
        audit.record(registrant.username(), "UNIT_RESUBMITTED", subject(id), RETURNED, PENDING, unit.name());
        return find(id).orElseThrow();
    }

    /** The bureau approves a unit: its named administrators are confirmed and told. */
    @Transactional
    public Unit approve(UserAccount bureau, long id) {
        requireBureau(bureau);
        Unit unit = find(id).orElseThrow(DomainException::notFound);
        if (!PENDING.equals(unit.status())) {
            throw DomainException.conflict("error.unit.not-pending");
        }
        if (unit.administrators().contains(bureau.username())) {
            throw new DomainException(org.springframework.http.HttpStatus.FORBIDDEN, "error.self-grant");
        }
        Instant now = Instant.now(clock);
        int changed = jdbc.sql("""
                        update app.unit set status = 'APPROVED', status_reason = null, decided_by = ?, decided_at = ?
                        where id = ? and status = 'PENDING'""")
                .params(bureau.username(), Timestamp.from(now), id).update();
        if (changed != 1) {
            throw DomainException.conflict("error.unit.not-pending");
        }
        affiliations.confirmAdministration(bureau, id);
        audit.record(bureau.username(), "UNIT_APPROVED", subject(id), PENDING, APPROVED, unit.name());
        mailRegistrant(unit, "unit-approved-" + id, "【科创甬江2035】单位注册已通过 / Your unit was approved",
                "单位“" + unit.name() + "”的注册已通过审核，您已成为其单位管理员，可以登录确认本单位人员的加入申请。\n\n"
                        + "The registration of " + unit.name() + " was approved; you are its administrator and can "
                        + "confirm the people who ask to join it.");
        return find(id).orElseThrow();
    }

    /** The bureau returns a unit for correction, with the reason the registrant is shown. */
    @Transactional
    public Unit returnForCorrection(UserAccount bureau, long id, String reason) {
        requireBureau(bureau);
        String why = reason == null ? "" : reason.strip();
        if (why.isEmpty()) {
            throw DomainException.invalid("reason", "validation.required");
        }
        if (why.length() > 1000) {
            throw DomainException.invalid("reason", "validation.max-length", 1000);
        }
        Unit unit = find(id).orElseThrow(DomainException::notFound);
        int changed = jdbc.sql("""
                        update app.unit set status = 'RETURNED', status_reason = ?, decided_by = ?, decided_at = ?
                        where id = ? and status = 'PENDING'""")
                .params(why, bureau.username(), Timestamp.from(Instant.now(clock)), id).update();
        if (changed != 1) {
            throw DomainException.conflict("error.unit.not-pending");
        }
        audit.record(bureau.username(), "UNIT_RETURNED", subject(id), PENDING, RETURNED, why);
        mailRegistrant(unit, "unit-returned-" + id + "-" + Instant.now(clock).toEpochMilli(),
                "【科创甬江2035】单位注册被退回 / Your unit registration was returned",
                "单位“" + unit.name() + "”的注册被退回修改，原因：" + why + "\n请登录修改后重新提交。\n\n"
                        + "The registration of " + unit.name() + " was returned for correction: " + why);
        return find(id).orElseThrow();
    }

    /**
     * A unit as its reader may see it: the bureau any unit, the person who registered it and its administrators
     * their own; anyone else is told it does not exist (404).
     */
    public Unit readableBy(UserAccount reader, long id) {
        Unit unit = find(id).orElseThrow(DomainException::notFound);
        boolean own = reader.username().equals(unit.registeredBy()) || unit.administrators().contains(reader.username())
                || (reader.has(Role.UNIT_ADMIN) && reader.unitId() != null && reader.unitId() == id);
        if (!reader.has(Role.ADMIN) && !own) {
            throw DomainException.notFound();
        }
        return unit;
    }

    /** The units a person registered (whatever their status). */
    public List<Unit> registeredBy(String username) {
        return jdbc.sql("select id from app.unit where registered_by = ? order by id").param(username)
                .query(Long.class).list().stream().map(id -> find(id).orElseThrow()).toList();
    }

    /** The bureau's search: by name or credit code, and status; a page at a time. */
    public ResultPage<Unit> search(UserAccount bureau, String query, String status, Integer page, Integer size) {
        requireBureau(bureau);
        int[] b = ResultPage.bounds(page, size);
        String like = AccountInput.contains(query);
        String wanted = AccountInput.filter(status);
        String where = " where (lower(name) like ? escape '\\' or lower(coalesce(credit_code, '')) like ? escape '\\')"
                + " and (cast(? as varchar(16)) is null or status = ?)";
        long total = jdbc.sql("select count(*) from app.unit" + where).params(like, like, wanted, wanted)
                .query(Long.class).single();
        List<Long> ids = jdbc.sql("select id from app.unit" + where
                        + " order by case status when 'PENDING' then 0 when 'RETURNED' then 1 else 2 end, id desc"
                        + " offset ? rows fetch next ? rows only")
                .params(like, like, wanted, wanted, (long) b[0] * b[1], b[1]).query(Long.class).list();
        return new ResultPage<>(ids.stream().map(id -> find(id).orElseThrow()).toList(), total, b[0], b[1]);
    }

    /** Approved units by name or credit code, for a person who wants to join one. */
    public ResultPage<UnitSummary> approved(String query, Integer page, Integer size) {
        int[] b = ResultPage.bounds(page, size);
        String like = AccountInput.contains(query);
        String where = " where status = 'APPROVED' and (lower(name) like ? escape '\\' or lower(coalesce(credit_code, '')) like ? escape '\\')";
        long total = jdbc.sql("select count(*) from app.unit" + where).params(like, like).query(Long.class).single();
        List<UnitSummary> items = jdbc.sql("select id, name, credit_code, unit_type, district from app.unit" + where
                        + " order by name offset ? rows fetch next ? rows only")
                .params(like, like, (long) b[0] * b[1], b[1])
                .query((rs, i) -> new UnitSummary(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5))).list();
        return new ResultPage<>(items, total, b[0], b[1]);
    }

    public Optional<Unit> find(long id) {
        return jdbc.sql("""
                        select id, name, credit_code, unit_type, address, district, local_registered, contact_name,
                            contact_phone, contact_email, status, status_reason, registered_by, submitted_at, decided_by,
                            decided_at from app.unit where id = ?""")
                .param(id).query((rs, i) -> unit(rs)).optional();
    }

    /**
     * What other modules' rules read about units (the eligibility of a demand's or a proposal's unit): name, credit
     * code, registered in the city, annual R&amp;D spend in 万元 (null when not known) and the licence's last valid day
     * (null when not limited).
     */
    public record UnitFacts(long id, String name, String creditCode, boolean localRegistered, BigDecimal rdSpend,
                            LocalDate validUntil) {
    }

    public Optional<UnitFacts> facts(long id) {
        return Optional.ofNullable(facts(List.of(id)).get(id));
    }

    /** The facts of the units, read at once; units that do not exist are left out. */
    public Map<Long, UnitFacts> facts(Collection<Long> ids) {
        Map<Long, UnitFacts> facts = new HashMap<>();
        for (List<Long> chunk : org.kcyj.shared.Chunks.of(ids)) {
            jdbc.sql("select id, name, credit_code, local_registered, rd_spend, valid_until from app.unit where id in (:ids)")
                    .param("ids", chunk)
                    .query((rs, i) -> new UnitFacts(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getBoolean(4),
                            rs.getBigDecimal(5), rs.getDate(6) == null ? null : rs.getDate(6).toLocalDate()))
                    .list().forEach(f -> facts.put(f.id(), f));
        }
        return facts;
    }

    /** The names of the units, read at once (for a list); units that do not exist are left out. */
    public Map<Long, String> names(Collection<Long> ids) {
        Map<Long, String> names = new HashMap<>();
        facts(ids).forEach((id, f) -> names.put(id, f.name()));
        return names;
    }

    /** The bureau records a unit's annual R&amp;D spend in 万元 (what the demand rules check); audited. */
    @Transactional
    public void recordRdSpend(UserAccount bureau, long id, BigDecimal amount) {
        requireBureau(bureau);
        if (amount == null) {
            throw DomainException.invalid("rdSpend", "validation.required");
        }
        if (amount.signum() < 0) {
            throw DomainException.invalid("rdSpend", "validation.min", 0);
        }
        BigDecimal before = facts(id).orElseThrow(DomainException::notFound).rdSpend();
        jdbc.sql("update app.unit set rd_spend = ? where id = ?").params(amount, id).update();
        audit.record(bureau.username(), "UNIT_RD_SPEND_RECORDED", subject(id),
                before == null ? null : before.toPlainString(), amount.toPlainString(), null);
    }

    public Optional<Unit> byCreditCode(String creditCode) {
        return jdbc.sql("select id from app.unit where credit_code = ?").param(CreditCode.normalise(creditCode))
                .query(Long.class).optional().flatMap(this::find);
    }

    private Unit unit(ResultSet rs) throws SQLException {
        long id = rs.getLong(1);
        return new Unit(id, rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getBoolean(7), rs.getString(8), rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12),
                rs.getString(13), instant(rs.getTimestamp(14)), rs.getString(15), instant(rs.getTimestamp(16)),
                affiliations.administratorsOf(id));
    }

    record Checked(String name, String creditCode, UnitType type, String address, String district,
                   boolean localRegistered, String contactName, String contactPhone, String contactEmail,
                   List<String> administrators) {
    }

    private Checked check(UnitInput in, UserAccount registrant, Long self) {
        if (in == null) {
            throw DomainException.invalid("name", "validation.required");
        }
        List<FieldProblem> problems = new ArrayList<>();
        String name = AccountInput.required(problems, "name", in.name(), 200);
        String code = null;
        if (in.creditCode() == null || in.creditCode().isBlank()) {
            problems.add(new FieldProblem("creditCode", "validation.required"));
        } else {
            Optional<FieldProblem> problem = CreditCode.validate("creditCode", in.creditCode());
            if (problem.isPresent()) {
                problems.add(problem.get());
            } else {
                code = CreditCode.normalise(in.creditCode());
            }
        }
        UnitType type = null;
        if (in.type() == null || in.type().isBlank()) {
            problems.add(new FieldProblem("type", "validation.required"));
        } else {
            try {
                type = UnitType.valueOf(in.type().strip().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("type", "validation.option"));
            }
        }
        String address = AccountInput.required(problems, "address", in.address(), 300);
        String district = AccountInput.required(problems, "district", in.district(), 50);
        if (in.localRegistered() == null) {
            problems.add(new FieldProblem("localRegistered", "validation.required"));
        }
        String contactName = AccountInput.required(problems, "contactName", in.contactName(), 100);
        String contactPhone = AccountInput.required(problems, "contactPhone", in.contactPhone(), 40);
        if (contactPhone != null && !contactPhone.matches("\\+?[0-9][0-9 ()-]{5,38}")) {
            problems.add(new FieldProblem("contactPhone", "registration.phone-format"));
        }
        String contactEmail = AccountInput.required(problems, "contactEmail", in.contactEmail(), 200);
        if (contactEmail != null && !Registration.EMAIL.matcher(contactEmail).matches()) {
            problems.add(new FieldProblem("contactEmail", "validation.email"));
        }
        LinkedHashSet<String> admins = new LinkedHashSet<>();
        if (!registrant.has(Role.ADMIN)) {
            admins.add(registrant.username());
        }
        if (in.administrators() != null) {
            for (String raw : in.administrators()) {
                String username = raw == null ? "" : raw.strip();
                if (username.isEmpty() || admins.contains(username)) {
                    continue;
                }
                Optional<UserAccount> person = users.find(username);
                if (person.isEmpty() || !mayAdminister(person.get())) {
                    problems.add(new FieldProblem("administrators", "unit.administrator-unknown",
                            username.length() > 64 ? username.substring(0, 64) : username));
                } else {
                    admins.add(username);
                }
            }
        }
        if (admins.size() > MAX_ADMINISTRATORS) {
            problems.add(new FieldProblem("administrators", "unit.administrators-too-many", MAX_ADMINISTRATORS));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        Optional<Long> other = jdbc.sql("select id from app.unit where credit_code = ?").param(code).query(Long.class).optional();
        if (other.isPresent() && !other.get().equals(self)) {
            throw DomainException.conflict("error.unit.duplicate-credit-code");
        }
        return new Checked(name, code, type, address, district, in.localRegistered(), contactName, contactPhone,
                contactEmail, List.copyOf(admins));
    }

    /** People may register units and administer them; bureau staff may not (they decide on units). */
    private boolean mayAdminister(UserAccount person) {
        return !person.has(Role.ADMIN) && !person.has(Role.PROGRAM_MANAGER) && !person.has(Role.DIRECTOR);
    }

    private void requireMayRegister(UserAccount registrant) {
        if (!mayAdminister(registrant)) {
            throw DomainException.forbidden();
        }
        if (!users.emailVerified(registrant.username())) {
            throw DomainException.conflict("error.email-not-verified");
        }
    }

    static void requireBureau(UserAccount user) {
        if (!user.has(Role.ADMIN)) {
            throw DomainException.forbidden();
        }
    }

    private void mailRegistrant(Unit unit, String key, String subject, String body) {
        if (unit.registeredBy() != null) {
            users.find(unit.registeredBy()).ifPresent(person ->
                    mailer.queue(key, person.email(), subject, person.displayName() + "：您好！\n\n" + body));
        }
    }


    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    static String subject(long id) {
        return "UNIT-" + id;
    }
}

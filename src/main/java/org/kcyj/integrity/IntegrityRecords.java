package org.kcyj.integrity;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import org.kcyj.audit.AuditLog;
import org.kcyj.form.FormValidator;
import org.kcyj.form.SubmittedForm;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserAccount;
import org.kcyj.shared.CreditCode;
import org.kcyj.shared.ResidentIdNumber;
import org.kcyj.shared.DomainException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The integrity records the formal check consults; managers and admins record them. */
@Service
public class IntegrityRecords {
    public static final String FORM = "Form_RecordIntegrity";
    /**
     * Bounds of a record's dates. They hold for every programme (a record is the city's, not a programme's):
     * a finding takes effect at most 10 years back (older findings have no running ban to record) and at most
     * a year ahead; a ban with an end lasts at most 7 years, the longest fixed term of the integrity rules
     * (serious execution breaches); a life ban is recorded without an end.
     */
    static final int EARLIEST_YEARS_BACK = 10;
    static final int LATEST_DAYS_AHEAD = 365;
    static final int MAX_BAN_YEARS = 7;
    private static final String SELECT = """
            select id, party_type, party_name, party_code, misconduct, severity, penalty, deciding_body, legal_basis,
                   effective_from, ban_until from app.integrity_record""";

    private final JdbcClient jdbc;
    private final FormValidator forms;
    private final AuditLog audit;
    private final Clock clock;

    IntegrityRecords(JdbcClient jdbc, FormValidator forms, AuditLog audit, Clock clock) {
        this.jdbc = jdbc;
        this.forms = forms;
        this.audit = audit;
        this.clock = clock;
    }

    @Transactional
    public IntegrityRecord record(UserAccount officer, Map<String, ?> input) {
        requireOfficer(officer);
        SubmittedForm form = forms.validate(FORM, input);
        String code = form.text("partyCode").toUpperCase(Locale.ROOT);
        boolean person = "PERSON".equals(form.text("partyType"));
        boolean valid = person ? ResidentIdNumber.parse(code, LocalDate.now(clock.withZone(org.kcyj.shared.BusinessTime.ZONE))).isPresent() : CreditCode.parse(code).isPresent();
        if (!valid) {
            throw DomainException.invalid("partyCode", person ? "validation.id-number" : "validation.credit-code");
        }
        LocalDate from = form.date("effectiveFrom");
        LocalDate until = form.date("banUntil");
        if (until != null && until.isBefore(from)) {
            throw DomainException.invalid("banUntil", "validation.date-order");
        }
        LocalDate today = LocalDate.now(clock.withZone(org.kcyj.shared.BusinessTime.ZONE));
        java.util.List<org.kcyj.shared.FieldProblem> problems = new java.util.ArrayList<>();
        if (from.isBefore(today.minusYears(EARLIEST_YEARS_BACK)) || from.isAfter(today.plusDays(LATEST_DAYS_AHEAD))) {
            problems.add(new org.kcyj.shared.FieldProblem("effectiveFrom", "validation.range",
                    today.minusYears(EARLIEST_YEARS_BACK).toString(), today.plusDays(LATEST_DAYS_AHEAD).toString()));
        }
        if (until != null && until.isAfter(from.plusYears(MAX_BAN_YEARS))) {
            problems.add(new org.kcyj.shared.FieldProblem("banUntil", "validation.ban-too-long",
                    from.plusYears(MAX_BAN_YEARS).toString(), MAX_BAN_YEARS));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        jdbc.sql("""
                        insert into app.integrity_record (party_type, party_name, party_code, misconduct, severity, penalty,
                            deciding_body, legal_basis, effective_from, ban_until, recorded_by, recorded_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(form.text("partyType"), form.text("partyName"), code, form.text("misconduct"),
                        form.text("severity"), form.text("penalty"), form.text("decidingBody"), form.text("legalBasis"),
                        Date.valueOf(from), until == null ? null : Date.valueOf(until), officer.username(),
                        Timestamp.from(Instant.now(clock)))
                .update();
        IntegrityRecord saved = jdbc.sql(SELECT + " where party_code = ? order by id desc").param(code)
                .query(IntegrityRecords::map).list().get(0);
        audit.record(officer.username(), "INTEGRITY_RECORDED", "IR-" + saved.id(), null, saved.severity(),
                saved.partyType() + " " + saved.partyName());
        return saved;
    }

    /**
     * Enters a record as it was decided elsewhere, as is: no form and no date bounds (those hold for what an officer
     * types). For records the application itself brings along, such as the demo's; recorded as the officer's.
     */
    @Transactional
    public void enter(UserAccount officer, IntegrityRecord r) {
        requireOfficer(officer);
        jdbc.sql("""
                        insert into app.integrity_record (party_type, party_name, party_code, misconduct, severity, penalty,
                            deciding_body, legal_basis, effective_from, ban_until, recorded_by, recorded_at)
                        values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(r.partyType(), r.partyName(), r.partyCode(), r.misconduct(), r.severity(), r.penalty(),
                        r.decidingBody(), r.legalBasis(), Date.valueOf(r.effectiveFrom()),
                        r.banUntil() == null ? null : Date.valueOf(r.banUntil()), officer.username(),
                        Timestamp.from(Instant.now(clock)))
                .update();
    }

    public List<IntegrityRecord> all(UserAccount officer) {
        requireReader(officer);
        return jdbc.sql(SELECT + " order by id desc").query(IntegrityRecords::map).list();
    }

    /** Records banning any of these persons or units on that day. */
    public List<IntegrityRecord> banning(Collection<String> codes, LocalDate day) {
        List<String> wanted = codes.stream().filter(c -> c != null && !c.isBlank())
                .map(c -> c.toUpperCase(Locale.ROOT)).distinct().toList();
        if (wanted.isEmpty()) {
            return List.of();
        }
        String marks = String.join(",", java.util.Collections.nCopies(wanted.size(), "?"));
        return jdbc.sql(SELECT + " where party_code in (" + marks + ") order by id").params(wanted)
                .query(IntegrityRecords::map).list().stream().filter(r -> r.bansOn(day)).toList();
    }

    private static void requireOfficer(UserAccount user) {
        if (!user.has(Role.PROGRAM_MANAGER) && !user.has(Role.ADMIN)) {
            throw DomainException.forbidden();
        }
    }

    private static void requireReader(UserAccount user) {
        if (!user.has(Role.PROGRAM_MANAGER) && !user.has(Role.ADMIN) && !user.has(Role.DIRECTOR)) {
            throw DomainException.forbidden();
        }
    }

    private static IntegrityRecord map(java.sql.ResultSet rs, int row) throws java.sql.SQLException {
        Date until = rs.getDate(11);
        return new IntegrityRecord(rs.getLong(1), rs.getString(2), rs.getString(3), rs.getString(4), rs.getString(5),
                rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9), rs.getDate(10).toLocalDate(),
                until == null ? null : until.toLocalDate());
    }
}

package org.kcyj.review;

import java.security.SecureRandom;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

import org.kcyj.audit.AuditLog;
import org.kcyj.identity.Role;
import org.kcyj.identity.UserAccount;
import org.kcyj.review.pool.ExpertCsv;
import org.kcyj.review.pool.ProfileRules;
import org.kcyj.identity.UserDirectory;
import org.kcyj.shared.BusinessTime;
import org.kcyj.shared.DomainException;
import org.kcyj.shared.FieldProblem;
import org.kcyj.shared.ProblemResponses;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The expert pool (专家库): every expert's reviewing profile (disciplines, unit, languages, finance,
 * availability) and what they declared for conflict checks, kept by programme managers and admins one by
 * one or from a CSV file; and each expert's record as a reviewer (docs/programme-rules.md, "Reviewer quality loop").
 * Every expert signs in with an account whose only role is REVIEWER; the pool creates it when missing.
 */
@Service
public class ExpertPool {
    /** Largest CSV file accepted (bytes). */
    public static final int MAX_IMPORT_BYTES = 5 * 1024 * 1024;
    /** Most experts in one CSV file. */
    public static final int MAX_IMPORT_ROWS = 5_000;
    /** Flags: acceptance rate below this with at least {@link #MIN_DECIDED_INVITATIONS} answered or lapsed invitations. */
    static final double LOW_ACCEPTANCE_RATE = 0.5;
    static final int MIN_DECIDED_INVITATIONS = 4;
    /** Flags: average rating (1-4) below this with at least {@link #MIN_RATINGS} ratings. */
    static final double LOW_AVERAGE_RATING = 2.0;
    static final int MIN_RATINGS = 3;
    /** Flags: this many or more overdue reviews. */
    static final int MANY_OVERDUE = 2;

    private static final String PASSWORD_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789";
    /** Above the 15 characters NIST SP 800-63B (rev. 4) asks of a password that is the only factor. */
    private static final int PASSWORD_LENGTH = 16;
    private static final int AUDIT_DETAIL_MAX = 4000;
    private static final String SELECT = """
            select e.username, e.name, e.unit_name, e.unit_credit_code, e.title, e.discipline_codes,
                   e.international, e.languages, e.finance, e.available
            from app.expert e""";

    /**
     * An expert as the pool keeps them. {@code email} is their account's; {@code disciplineCodes} are 学科代码
     * such as 430 or 43015; {@code available} false keeps them out of draws.
     */
    public record ExpertProfile(String username, String name, String email, String unitName, String unitCreditCode,
                                String title, List<String> disciplineCodes, boolean international,
                                List<String> languages, boolean finance, boolean available,
                                List<DeclaredRelative> relatives, List<DeclaredCollaboration> collaborations) {
    }

    /**
     * A saved profile; {@code initialPassword} is the new account's password, given only this once, or null
     * when the account existed.
     */
    public record Saved(ExpertProfile expert, String initialPassword) {
    }

    /** One problem in an imported file: its row (1 is the header), column ("" for the whole row) and message. */
    public record RowError(int row, String column, String message) {
    }

    /**
     * What an import did: the data rows read, experts created and updated, and the new accounts' initial
     * passwords by username (given only this once). With any error nothing is imported (created and
     * updated are 0).
     */
    public record ImportReport(int rows, int created, int updated, List<RowError> errors,
                               Map<String, String> initialPasswords) {
    }

    /**
     * An expert's record as a reviewer. Invitations count every one sent (not those still pending); accepted
     * counts ACCEPTED, SUBMITTED and OVERDUE, declined DECLINED and CONFLICT. The acceptance rate (0-1) is
     * accepted over accepted + declined + expired, null before any invitation was answered or lapsed.
     * Days to review run from accepting an invitation to submitting the review. Ratings are the applicants'
     * (1-4). Flags say in words what needs a manager's attention.
     */
    public record ExpertRecord(String username, String name, int invitations, int accepted, int declined,
                               int expired, int overdue, Double acceptanceRate, int reviewsSubmitted,
                               Double averageDaysToReview, int ratings, Double averageRating, List<String> flags) {
    }

    private final JdbcClient jdbc;
    private final UserDirectory users;
    private final AuditLog audit;
    private final ProblemResponses messages;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();

    ExpertPool(JdbcClient jdbc, UserDirectory users, AuditLog audit,
               ProblemResponses messages, Clock clock) {
        this.jdbc = jdbc;
        this.users = users;
        this.audit = audit;
        this.messages = messages;
        this.clock = clock;
    }

    /** Every expert, by username, with what they declared (three queries, whatever the pool's size). */
    public List<ExpertProfile> all() {
        Map<String, List<DeclaredRelative>> relatives = new HashMap<>();
        jdbc.sql("select username, relative_name, relation from app.expert_relative order by id")
                .query((rs, i) -> relatives.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(new DeclaredRelative(rs.getString(2), rs.getString(3))))
                .list();
        Map<String, List<DeclaredCollaboration>> collaborations = new HashMap<>();
        jdbc.sql("select username, counterpart, kind, relation_year from app.expert_collaboration order by id")
                .query((rs, i) -> collaborations.computeIfAbsent(rs.getString(1), k -> new ArrayList<>())
                        .add(collaboration(rs)))
                .list();
        return withEmails(jdbc.sql(SELECT + " order by e.username")
                .query((rs, i) -> profile(rs, relatives.getOrDefault(rs.getString(1), List.of()),
                        collaborations.getOrDefault(rs.getString(1), List.of())))
                .list());
    }

    public Optional<ExpertProfile> find(String username) {
        if (username == null) {
            return Optional.empty();
        }
        List<DeclaredRelative> relatives = jdbc.sql(
                        "select relative_name, relation from app.expert_relative where username = ? order by id")
                .param(username).query((rs, i) -> new DeclaredRelative(rs.getString(1), rs.getString(2))).list();
        List<DeclaredCollaboration> collaborations = jdbc.sql("""
                        select username, counterpart, kind, relation_year from app.expert_collaboration
                        where username = ? order by id""")
                .param(username).query((rs, i) -> collaboration(rs)).list();
        return jdbc.sql(SELECT + " where e.username = ?").param(username)
                .query((rs, i) -> profile(rs, relatives, collaborations)).optional()
                .flatMap(e -> withEmails(List.of(e)).stream().findFirst());
    }

    /** The experts with their accounts' addresses (one look-up for the whole list); an expert without an account is left out. */
    private List<ExpertProfile> withEmails(List<ExpertProfile> experts) {
        Map<String, UserDirectory.Person> people = users.people(experts.stream().map(ExpertProfile::username).toList());
        return experts.stream().filter(e -> people.containsKey(e.username()))
                .map(e -> new ExpertProfile(e.username(), e.name(), people.get(e.username()).email(), e.unitName(),
                        e.unitCreditCode(), e.title(), e.disciplineCodes(), e.international(), e.languages(), e.finance(),
                        e.available(), e.relatives(), e.collaborations()))
                .toList();
    }

    /**
     * Creates or replaces an expert's profile (absent fields take their defaults: not international, no
     * finance, available, nothing declared). A missing account is created with role REVIEWER and a random
     * password, returned once; an account without roles becomes a reviewer, and so does a researcher's (an
     * applicant's, keeping their own name and address); an account with a staff or unit role is refused (409), so a
     * manager or unit administrator never silently becomes a reviewer.
     */
    @Transactional
    public Saved save(UserAccount actor, String username, Map<String, ?> input) {
        requireOfficer(actor);
        ProfileRules.Checked checked = ProfileRules.check(username, input, currentYear());
        if (!checked.problems().isEmpty()) {
            throw DomainException.invalid(checked.problems());
        }
        otherRoles(username).ifPresent(roles -> {
            throw DomainException.conflict("error.expert.account-role", username, roles);
        });
        return write(actor, username, checked.values(), "EXPERT_SAVED", null);
    }

    /**
     * Imports a CSV file (UTF-8, with or without a byte-order mark; the columns of {@link #csvTemplate()}).
     * Every row is checked first; with any error nothing is imported and the report lists them all, each
     * with its row, column and message. Otherwise every row is saved, in one transaction.
     */
    @Transactional
    public ImportReport importCsv(UserAccount actor, byte[] csv) {
        requireOfficer(actor);
        if (csv == null || csv.length == 0) {
            return rejected(0, List.of(new ExpertCsv.Problem(1, "", new FieldProblem("", "expert-import.no-header"))));
        }
        if (csv.length > MAX_IMPORT_BYTES) {
            throw new DomainException(HttpStatus.PAYLOAD_TOO_LARGE, "error.expert-import.too-large",
                    MAX_IMPORT_BYTES / 1024 / 1024);
        }
        ExpertCsv.Read read = ExpertCsv.read(csv);
        if (!read.problems().isEmpty()) {
            return rejected(read.lines().size(), read.problems());
        }
        if (read.lines().size() > MAX_IMPORT_ROWS) {
            throw new DomainException(HttpStatus.PAYLOAD_TOO_LARGE, "error.expert-import.too-many-rows",
                    String.valueOf(MAX_IMPORT_ROWS));
        }
        int year = currentYear();
        List<ExpertCsv.Problem> problems = new ArrayList<>();
        Map<String, Integer> firstRowOf = new HashMap<>();
        List<ProfileRules.Values> values = new ArrayList<>();
        for (ExpertCsv.Line line : read.lines()) {
            problems.addAll(line.problems());
            if (!line.problems().isEmpty() && line.input().isEmpty()) {
                values.add(null);
                continue;
            }
            ProfileRules.Checked checked = ProfileRules.check(line.username(), line.input(), year);
            checked.problems().forEach(p -> problems.add(new ExpertCsv.Problem(line.row(), ExpertCsv.columnOf(p.field()), p)));
            values.add(checked.values());
            if (ProfileRules.validUsername(line.username())) {
                Integer first = firstRowOf.putIfAbsent(line.username().toLowerCase(Locale.ROOT), line.row());
                if (first != null) {
                    problems.add(new ExpertCsv.Problem(line.row(), "username",
                            new FieldProblem("username", "expert-import.duplicate-username", first)));
                } else {
                    Optional<String> otherRoles = otherRoles(line.username());
                    otherRoles.ifPresent(roles -> problems.add(new ExpertCsv.Problem(line.row(),
                            "username", new FieldProblem("username", "error.expert.account-role", line.username(), roles))));
                    if (otherRoles.isEmpty() && checked.values() != null && users.exists(line.username())
                            && checked.problems().stream().noneMatch(p -> p.field().equals("email"))
                            && repointsEmail(line.username(), checked.values().email())) {
                        problems.add(new ExpertCsv.Problem(line.row(), "email",
                                new FieldProblem("email", "error.expert.email-owned", line.username())));
                    }
                }
            }
        }
        if (!problems.isEmpty()) {
            return rejected(read.lines().size(), problems);
        }
        int created = 0;
        Map<String, String> passwords = new LinkedHashMap<>();
        for (int i = 0; i < read.lines().size(); i++) {
            ExpertCsv.Line line = read.lines().get(i);
            boolean existed = exists(line.username());
            Saved saved = write(actor, line.username(), values.get(i), "EXPERT_IMPORTED", "CSV row " + line.row());
            created += existed ? 0 : 1;
            if (saved.initialPassword() != null) {
                passwords.put(line.username(), saved.initialPassword());
            }
        }
        return new ImportReport(read.lines().size(), created, read.lines().size() - created, List.of(),
                java.util.Collections.unmodifiableMap(passwords));
    }

    /** The CSV template: the header and one example row (UTF-8 with a byte-order mark). */
    public byte[] csvTemplate() {
        return ExpertCsv.template();
    }

    @Transactional
    public void setAvailable(UserAccount actor, String username, boolean available) {
        requireOfficer(actor);
        ExpertProfile profile = find(username).orElseThrow(DomainException::notFound);
        if (profile.available() == available) {
            return;
        }
        jdbc.sql("update app.expert set available = ?, updated_by = ?, updated_at = ? where username = ?")
                .params(available, actor.username(), Timestamp.from(Instant.now(clock)), username).update();
        audit.record(actor.username(), "EXPERT_AVAILABILITY", subject(username), state(profile.available()),
                state(available), null);
    }

    /** The expert's record as a reviewer, for managers deciding whom to keep inviting. */
    public ExpertRecord record(String username) {
        ExpertProfile profile = find(username).orElseThrow(DomainException::notFound);
        Map<String, Integer> byStatus = new HashMap<>();
        jdbc.sql("select status, count(*) from app.review_invitation where expert = ? group by status").param(username)
                .query((rs, i) -> byStatus.put(rs.getString(1), rs.getInt(2))).list();
        int invitations = byStatus.entrySet().stream().filter(e -> !e.getKey().equals("PENDING"))
                .mapToInt(Map.Entry::getValue).sum();
        int accepted = count(byStatus, "ACCEPTED", "SUBMITTED", "OVERDUE");
        int declined = count(byStatus, "DECLINED", "CONFLICT");
        int expired = count(byStatus, "EXPIRED");
        int overdue = count(byStatus, "OVERDUE");
        int decided = accepted + declined + expired;
        Double rate = decided == 0 ? null : (double) accepted / decided;
        int reviews = jdbc.sql("select count(*) from app.review where reviewer = ?").param(username)
                .query(Integer.class).single();
        List<Duration> delays = jdbc.sql("""
                        select i.responded_at, r.submitted_at from app.review r
                        join app.review_invitation i on i.proposal_id = r.proposal_id and i.expert = r.reviewer
                        where r.reviewer = ? and i.responded_at is not null""")
                .param(username)
                .query((rs, i) -> Duration.between(rs.getTimestamp(1).toInstant(), rs.getTimestamp(2).toInstant()))
                .list();
        Double days = delays.isEmpty() ? null
                : round(delays.stream().mapToLong(Duration::toMinutes).average().orElseThrow() / (24 * 60), 1);
        List<Integer> ratings = jdbc.sql("""
                        select rt.rating from app.review_rating rt join app.review r on r.id = rt.review_id
                        where r.reviewer = ?""")
                .param(username).query(Integer.class).list();
        Double rating = ratings.isEmpty() ? null
                : round(ratings.stream().mapToInt(Integer::intValue).average().orElseThrow(), 2);
        Locale locale = LocaleContextHolder.getLocale();
        List<String> flags = new ArrayList<>();
        if (rate != null && decided >= MIN_DECIDED_INVITATIONS && rate < LOW_ACCEPTANCE_RATE) {
            flags.add(messages.text("expert.flag.low-acceptance", locale, String.valueOf(Math.round(rate * 100)),
                    decided, accepted));
        }
        if (rating != null && ratings.size() >= MIN_RATINGS && rating < LOW_AVERAGE_RATING) {
            flags.add(messages.text("expert.flag.low-rating", locale, String.valueOf(rating), ratings.size()));
        }
        if (overdue >= MANY_OVERDUE) {
            flags.add(messages.text("expert.flag.overdue", locale, overdue));
        }
        return new ExpertRecord(username, profile.name(), invitations, accepted, declined, expired, overdue, rate,
                reviews, days, ratings.size(), rating, List.copyOf(flags));
    }

    /** Writes a checked profile, creating or updating the account, and records it in the audit log. */
    private Saved write(UserAccount actor, String username, ProfileRules.Values v, String action, String note) {
        Optional<ExpertProfile> before = find(username);
        String password = null;
        if (!users.exists(username)) {
            password = newPassword();
            // The manager sees this password: the expert must change it at first sign-in, and it expires.
            users.createUserWithInitialPassword(username, password, v.name(), v.email(), null, v.international(),
                    EnumSet.of(Role.REVIEWER));
        } else {
            if (repointsEmail(username, v.email())) {
                throw DomainException.conflict("error.expert.email-owned", username);
            }
            Set<Role> roles = users.rolesOf(username);
            if (!roles.contains(Role.REVIEWER)) {
                users.grantRole(username, Role.REVIEWER);
            }
            if (!roles.contains(Role.APPLICANT)) {
                // a researcher's account keeps the name they registered with: the pool does not rename people
                users.updateDetails(username, v.name(), v.international());
            }
        }
        Timestamp now = Timestamp.from(Instant.now(clock));
        Object[] columns = {v.name(), v.unitName(), v.unitCreditCode(), v.title(), String.join(",", v.disciplineCodes()),
                v.international(), v.languages().isEmpty() ? null : String.join(",", v.languages()), v.finance(),
                v.available()};
        if (before.isEmpty()) {
            jdbc.sql("""
                            insert into app.expert (name, unit_name, unit_credit_code, title, discipline_codes, international,
                                languages, finance, available, created_by, created_at, updated_by, updated_at, username)
                            values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(concat(columns, actor.username(), now, actor.username(), now, username)).update();
        } else {
            jdbc.sql("""
                            update app.expert set name = ?, unit_name = ?, unit_credit_code = ?, title = ?, discipline_codes = ?,
                                international = ?, languages = ?, finance = ?, available = ?, updated_by = ?, updated_at = ?
                            where username = ?""")
                    .params(concat(columns, actor.username(), now, username)).update();
            jdbc.sql("delete from app.expert_relative where username = ?").param(username).update();
            jdbc.sql("delete from app.expert_collaboration where username = ?").param(username).update();
        }
        for (DeclaredRelative r : v.relatives()) {
            jdbc.sql("insert into app.expert_relative (username, relative_name, relation) values (?, ?, ?)")
                    .params(username, r.name(), r.relation()).update();
        }
        for (DeclaredCollaboration c : v.collaborations()) {
            jdbc.sql("insert into app.expert_collaboration (username, counterpart, kind, relation_year) values (?, ?, ?, ?)")
                    .params(username, c.counterpart(), c.kind().name(), c.year()).update();
        }
        ExpertProfile after = find(username).orElseThrow();
        List<String> detail = new ArrayList<>();
        if (note != null) {
            detail.add(note);
        }
        if (password != null) {
            detail.add("account created");
        }
        detail.add(before.map(b -> changes(b, after)).orElseGet(() -> describe(after)));
        audit.record(actor.username(), action, subject(username), before.map(b -> state(b.available())).orElse(null),
                state(after.available()), clip(String.join("; ", detail)));
        return new Saved(after, password);
    }

    /**
     * Whether saving would change an existing account's e-mail address: only its owner may (a manager who re-pointed
     * it would receive the account's password resets). Case and surrounding spaces do not count as a change.
     */
    private boolean repointsEmail(String username, String email) {
        String current = users.email(username).orElse(null);
        String stored = current == null ? "" : current.strip();
        String given = email == null ? "" : email.strip();
        return !stored.equalsIgnoreCase(given);
    }

    /**
     * A person had their data erased: their expert profile is anonymised the same way (name, unit, title, languages,
     * declared relatives and collaborations) and they leave the pool; the reviews they wrote stay (archives).
     */
    @org.springframework.context.event.EventListener
    void erase(org.kcyj.identity.PersonalDataErased event) {
        if (!exists(event.username())) {
            return;
        }
        jdbc.sql("delete from app.expert_relative where username = ?").param(event.username()).update();
        jdbc.sql("delete from app.expert_collaboration where username = ?").param(event.username()).update();
        jdbc.sql("""
                        update app.expert set name = ?, unit_name = null, unit_credit_code = null, title = null,
                            languages = null, available = false, updated_by = ?, updated_at = ? where username = ?""")
                .params("已注销专家 " + event.username(), event.username(), Timestamp.from(Instant.now(clock)), event.username())
                .update();
        audit.record(event.username(), "EXPERT_ERASED", subject(event.username()), null, null,
                "profile anonymised at the person's request; reviews kept");
        event.erased().add("expertProfile");
    }

    /** The roles that keep an existing account from being an expert, e.g. "APPLICANT"; empty when none do. */
    private Optional<String> otherRoles(String username) {
        if (!users.exists(username)) {
            return Optional.empty();
        }
        Set<Role> roles = EnumSet.noneOf(Role.class);
        roles.addAll(users.rolesOf(username));
        // a researcher (项目申报人) may also be an expert (docs/accounts.md); staff and unit roles may not
        roles.removeAll(EnumSet.of(Role.REVIEWER, Role.APPLICANT));
        if (roles.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(roles.stream().map(Role::name).sorted().collect(Collectors.joining(", ")));
    }

    private boolean exists(String username) {
        return jdbc.sql("select count(*) from app.expert where username = ?").param(username).query(Integer.class)
                .single() > 0;
    }

    private ImportReport rejected(int rows, List<ExpertCsv.Problem> problems) {
        Locale locale = LocaleContextHolder.getLocale();
        List<RowError> errors = problems.stream()
                .sorted(Comparator.comparingInt(ExpertCsv.Problem::row)
                        .thenComparingInt(p -> columnOrder(p.column())))
                .map(p -> new RowError(p.row(), p.column(), message(p.problem(), locale)))
                .toList();
        return new ImportReport(rows, 0, 0, errors, Map.of());
    }

    private static int columnOrder(String column) {
        int index = ExpertCsv.COLUMNS.indexOf(column);
        return index < 0 ? (column.isEmpty() ? -1 : ExpertCsv.COLUMNS.size()) : index;
    }

    /** The problem's message; for one item of a list column, prefixed with the item's number. */
    private String message(FieldProblem problem, Locale locale) {
        String text = messages.text(problem.code(), locale, problem.args());
        int item = ExpertCsv.itemOf(problem.field());
        return item < 0 ? text : messages.text("expert-import.item", locale, item + 1, text);
    }

    private String newPassword() {
        StringBuilder password = new StringBuilder(PASSWORD_LENGTH);
        for (int i = 0; i < PASSWORD_LENGTH; i++) {
            password.append(PASSWORD_ALPHABET.charAt(random.nextInt(PASSWORD_ALPHABET.length())));
        }
        return password.toString();
    }

    private int currentYear() {
        return LocalDate.now(clock.withZone(BusinessTime.ZONE)).getYear();
    }

    private static void requireOfficer(UserAccount user) {
        if (user == null || (!user.has(Role.PROGRAM_MANAGER) && !user.has(Role.ADMIN))) {
            throw DomainException.forbidden();
        }
    }

    private static ExpertProfile profile(ResultSet rs, List<DeclaredRelative> relatives,
                                         List<DeclaredCollaboration> collaborations) throws SQLException {
        return new ExpertProfile(rs.getString(1), rs.getString(2), null, rs.getString(3), rs.getString(4),
                rs.getString(5), split(rs.getString(6)), rs.getBoolean(7), split(rs.getString(8)), rs.getBoolean(9),
                rs.getBoolean(10), List.copyOf(relatives), List.copyOf(collaborations));
    }

    private static DeclaredCollaboration collaboration(ResultSet rs) throws SQLException {
        return new DeclaredCollaboration(rs.getString(2), CollaborationKind.valueOf(rs.getString(3)), rs.getInt(4));
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isBlank() ? List.of()
                : Arrays.stream(joined.split(",")).map(String::strip).filter(s -> !s.isEmpty()).toList();
    }

    private static int count(Map<String, Integer> byStatus, String... statuses) {
        return Arrays.stream(statuses).mapToInt(s -> byStatus.getOrDefault(s, 0)).sum();
    }

    private static double round(double value, int decimals) {
        double scale = Math.pow(10, decimals);
        return Math.round(value * scale) / scale;
    }

    private static Object[] concat(Object[] first, Object... rest) {
        Object[] all = Arrays.copyOf(first, first.length + rest.length);
        System.arraycopy(rest, 0, all, first.length, rest.length);
        return all;
    }

    private static String subject(String username) {
        return "EXPERT-" + username;
    }

    private static String state(boolean available) {
        return available ? "AVAILABLE" : "UNAVAILABLE";
    }

    /** The profile's fields as the audit log keeps them. */
    private static Map<String, String> fields(ExpertProfile p) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("name", p.name());
        fields.put("email", p.email());
        fields.put("unitName", p.unitName());
        fields.put("unitCreditCode", p.unitCreditCode());
        fields.put("title", p.title());
        fields.put("disciplineCodes", String.join(",", p.disciplineCodes()));
        fields.put("international", String.valueOf(p.international()));
        fields.put("languages", String.join(",", p.languages()));
        fields.put("finance", String.valueOf(p.finance()));
        fields.put("available", String.valueOf(p.available()));
        fields.put("relatives", p.relatives().stream().map(r -> r.name() + ":" + r.relation())
                .collect(Collectors.joining(",")));
        fields.put("collaborations", p.collaborations().stream()
                .map(c -> c.counterpart() + ":" + c.kind().name() + ":" + c.year()).collect(Collectors.joining(",")));
        return fields;
    }

    private static String describe(ExpertProfile p) {
        return fields(p).entrySet().stream().filter(e -> e.getValue() != null && !e.getValue().isEmpty())
                .map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining("; "));
    }

    private static String changes(ExpertProfile before, ExpertProfile after) {
        Map<String, String> old = fields(before);
        String changed = fields(after).entrySet().stream()
                .filter(e -> !Objects.equals(blankToNull(old.get(e.getKey())), blankToNull(e.getValue())))
                .map(e -> e.getKey() + ": " + Objects.toString(old.get(e.getKey()), "") + " -> "
                        + Objects.toString(e.getValue(), ""))
                .collect(Collectors.joining("; "));
        return changed.isEmpty() ? "no change" : changed;
    }

    private static String blankToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static String clip(String text) {
        return text.length() <= AUDIT_DETAIL_MAX ? text : text.substring(0, AUDIT_DETAIL_MAX - 1) + "…";
    }
}

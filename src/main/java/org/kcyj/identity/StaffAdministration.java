package org.kcyj.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import org.kcyj.audit.AuditLog;
import org.kcyj.shared.DomainException;
import org.kcyj.shared.FieldProblem;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The bureau's accounts (docs/accounts.md): administrators create programme managers (for the 专项 they look
 * after), directors and other administrators, each with an initial password that must be changed at first sign-in;
 * they change staff roles with a reason, deactivate and reactivate accounts, and find people. Nobody changes their
 * own roles or deactivates themselves, the last administrator stays, every change is audited with its reason, and
 * a changed account's sessions end so the change holds at once. Staff roles are not given to people who act for a
 * unit (an applicant or unit administrator deciding on proposals would decide on their own).
 */
@Service
public class StaffAdministration {
    public static final Set<Role> STAFF_ROLES = EnumSet.of(Role.PROGRAM_MANAGER, Role.DIRECTOR, Role.ADMIN);

    public record StaffInput(String username, String displayName, String email, List<String> roles,
                             List<String> programmes, String initialPassword, String reason) {
    }

    public record RoleChange(List<String> roles, List<String> programmes, String reason) {
    }

    /** A person as the bureau's people page shows them: the ID number masked. */
    public record Person(String username, String displayName, String email, String phone, String title,
                         String idNumberMasked, Long unitId, String unitName, Set<String> roles, Set<String> programmes,
                         String status, boolean selfRegistered, Instant createdAt, Instant deactivatedAt,
                         String deactivationReason) {
    }

    private final JdbcClient jdbc;
    private final UserDirectory users;
    private final PasswordPolicy policy;
    private final Affiliations affiliations;
    private final AuditLog audit;
    private final Clock clock;
    private final org.springframework.core.env.Environment environment;
    private final ProgrammeCatalogue programmes;

    StaffAdministration(org.springframework.core.env.Environment environment, JdbcClient jdbc, UserDirectory users, PasswordPolicy policy, Affiliations affiliations,
                        AuditLog audit, Clock clock, ProgrammeCatalogue programmes) {
        this.environment = environment;
        this.programmes = programmes;
        this.jdbc = jdbc;
        this.users = users;
        this.policy = policy;
        this.affiliations = affiliations;
        this.audit = audit;
        this.clock = clock;
    }

    /** Creates a staff account with an initial password the administrator hands over (changed at first sign-in). */
    @Transactional
    public Person createStaff(UserAccount admin, StaffInput in) {
        return create(admin, in, true);
    }

    /**
     * Creates a staff account whose password its holder already chose: only for the demo's fixed accounts, whose
     * password is published in README.
     */
    @Transactional
    public Person createStaffWithChosenPassword(UserAccount admin, StaffInput in) {
        DemoOnly.require(environment);
        return create(admin, in, false);
    }

    private Person create(UserAccount admin, StaffInput in, boolean initial) {
        UnitRegistry.requireBureau(admin);
        if (in == null) {
            throw DomainException.invalid("username", "validation.required");
        }
        List<FieldProblem> problems = new ArrayList<>();
        String username = AccountInput.username(problems, in.username());
        String name = in.displayName() == null ? "" : in.displayName().strip();
        if (name.isEmpty()) {
            problems.add(new FieldProblem("displayName", "validation.required"));
        } else if (name.length() > 100) {
            problems.add(new FieldProblem("displayName", "validation.max-length", 100));
        }
        String email = in.email() == null ? "" : in.email().strip();
        if (email.isEmpty()) {
            problems.add(new FieldProblem("email", "validation.required"));
        } else if (email.length() > 200 || !Registration.EMAIL.matcher(email).matches()) {
            problems.add(new FieldProblem("email", "validation.email"));
        }
        Set<Role> roles = staffRoles(in.roles(), problems);
        if (roles.isEmpty() && problems.stream().noneMatch(p -> p.field().equals("roles"))) {
            problems.add(new FieldProblem("roles", "validation.required"));
        }
        Set<String> programmes = programmes(in.programmes(), roles, problems);
        if (initial) {
            problems.addAll(policy.check("initialPassword", in.initialPassword(), username, name, email));
        }
        String reason = reason(in.reason(), problems);
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        if (jdbc.sql("select count(*) from app.app_user where lower(username) = ?").param(username).query(Integer.class).single() > 0) {
            throw DomainException.conflict("error.staff.username-taken");
        }
        if (jdbc.sql("select count(*) from app.app_user where lower(email) = lower(?)").param(email).query(Integer.class).single() > 0) {
            throw DomainException.conflict("error.staff.email-taken");
        }
        if (initial) {
            users.createUserWithInitialPassword(username, in.initialPassword(), name, email, null, false, roles);
        } else {
            users.createUser(username, in.initialPassword(), name, email, null, false, roles);
        }
        jdbc.sql("update app.app_user set email_verified_at = ? where username = ?").params(now(), username).update();
        programmes.forEach(code -> jdbc.sql("insert into app.staff_programme (username, programme_code) values (?, ?)")
                .params(username, code).update());
        audit.record(admin.username(), "STAFF_CREATED", subject(username), null, describe(roles, programmes), reason);
        return person(username);
    }

    /** Sets a person's staff roles (and a manager's 专项), with the reason; other roles are left as they are. */
    @Transactional
    public Person changeRoles(UserAccount admin, String username, RoleChange change) {
        UnitRegistry.requireBureau(admin);
        Person current = person(username);
        if (admin.username().equals(current.username())) {
            throw new DomainException(HttpStatus.FORBIDDEN, "error.self-grant");
        }
        if (change == null) {
            throw DomainException.invalid("reason", "validation.required");
        }
        List<FieldProblem> problems = new ArrayList<>();
        Set<Role> wanted = staffRoles(change.roles(), problems);
        Set<String> programmes = programmes(change.programmes(), wanted, problems);
        String reason = reason(change.reason(), problems);
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        Set<Role> held = EnumSet.noneOf(Role.class);
        current.roles().forEach(r -> held.add(Role.valueOf(r)));
        held.retainAll(STAFF_ROLES);
        if (!wanted.isEmpty() && held.isEmpty() && current.roles().stream().map(Role::valueOf).anyMatch(Affiliations.UNIT_ROLES::contains)) {
            throw DomainException.conflict("error.staff.has-affiliation");
        }
        if (held.contains(Role.ADMIN) && !wanted.contains(Role.ADMIN) && otherAdministrators(username) == 0) {
            throw DomainException.conflict("error.staff.last-admin");
        }
        String before = describe(held, current.programmes());
        for (Role role : STAFF_ROLES) {
            if (wanted.contains(role) && !held.contains(role)) {
                users.grantRole(username, role);
                audit.record(admin.username(), "ROLE_GRANTED", subject(username), null, role.name(), reason);
            } else if (!wanted.contains(role) && held.contains(role)) {
                users.revokeRole(username, role);
                audit.record(admin.username(), "ROLE_REVOKED", subject(username), role.name(), null, reason);
            }
        }
        jdbc.sql("delete from app.staff_programme where username = ?").param(username).update();
        programmes.forEach(code -> jdbc.sql("insert into app.staff_programme (username, programme_code) values (?, ?)")
                .params(username, code).update());
        String after = describe(wanted, programmes);
        if (!before.equals(after)) {
            audit.record(admin.username(), "STAFF_ROLES_CHANGED", subject(username), before, after, reason);
            users.accessChanged(username);
        }
        return person(username);
    }

    /** Deactivates an account: it cannot sign in and its sessions end; its history stays. */
    @Transactional
    public Person deactivate(UserAccount admin, String username, String reason) {
        UnitRegistry.requireBureau(admin);
        Person current = person(username);
        if (admin.username().equals(current.username())) {
            throw new DomainException(HttpStatus.FORBIDDEN, "error.self-deactivation");
        }
        List<FieldProblem> problems = new ArrayList<>();
        String why = reason(reason, problems);
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        if (!"ACTIVE".equals(current.status())) {
            throw DomainException.conflict("error.account.not-active");
        }
        if (current.roles().contains(Role.ADMIN.name()) && otherAdministrators(username) == 0) {
            throw DomainException.conflict("error.staff.last-admin");
        }
        jdbc.sql("""
                        update app.app_user set enabled = false, deactivated_at = ?, deactivated_by = ?, deactivation_reason = ?
                        where username = ?""")
                .params(now(), admin.username(), why, username).update();
        users.accessChanged(username);
        audit.record(admin.username(), "ACCOUNT_DEACTIVATED", subject(username), "ACTIVE", "DEACTIVATED", why);
        return person(username);
    }

    /** Reactivates a deactivated account (not an erased one). */
    @Transactional
    public Person reactivate(UserAccount admin, String username, String reason) {
        UnitRegistry.requireBureau(admin);
        Person current = person(username);
        List<FieldProblem> problems = new ArrayList<>();
        String why = reason(reason, problems);
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        if (!"DEACTIVATED".equals(current.status())) {
            throw DomainException.conflict("error.account.not-deactivated");
        }
        jdbc.sql("""
                        update app.app_user set enabled = true, deactivated_at = null, deactivated_by = null,
                            deactivation_reason = null where username = ?""")
                .param(username).update();
        users.accessChanged(username);
        audit.record(admin.username(), "ACCOUNT_REACTIVATED", subject(username), "DEACTIVATED", "ACTIVE", why);
        return person(username);
    }

    /** The bureau's search of people: by name, user name or e-mail, role and status; a page at a time. */
    public ResultPage<Person> search(UserAccount admin, String query, String role, String status, Integer page, Integer size) {
        UnitRegistry.requireBureau(admin);
        int[] b = ResultPage.bounds(page, size);
        String like = AccountInput.contains(query);
        String wantedRole = AccountInput.filter(role);
        String wantedStatus = AccountInput.filter(status);
        // a text block loses its leading and trailing blanks: the spaces that join it to the rest are explicit
        String where = " " + """
                where (lower(u.username) like ? escape '\\' or lower(u.display_name) like ? escape '\\'
                       or lower(coalesce(u.email, '')) like ? escape '\\')
                  and (cast(? as varchar(32)) is null or exists (select 1 from app.user_role r where r.username = u.username and r.role = ?))
                  and (cast(? as varchar(16)) is null or""" + " " + STATUS + " = ?)";
        Object[] params = {like, like, like, wantedRole, wantedRole, wantedStatus, wantedStatus};
        long total = jdbc.sql("select count(*) from app.app_user u" + where).params(params).query(Long.class).single();
        List<Object> paged = new ArrayList<>(java.util.Arrays.asList(params)); // the filters may be null
        paged.add((long) b[0] * b[1]);
        paged.add(b[1]);
        List<String> names = jdbc.sql("select u.username from app.app_user u" + where
                        + " order by u.created_at desc, u.username offset ? rows fetch next ? rows only")
                .params(paged.toArray()).query(String.class).list();
        return new ResultPage<>(names.stream().map(this::person).toList(), total, b[0], b[1]);
    }

    /** One person, for the bureau. */
    public Person read(UserAccount admin, String username) {
        UnitRegistry.requireBureau(admin);
        return person(username);
    }

    /** An account's audited history, oldest first: what happened, when, by whom, and why. */
    public List<java.util.Map<String, Object>> history(UserAccount admin, String username) {
        UnitRegistry.requireBureau(admin);
        person(username);
        return audit.forSubject(subject(username)).stream().map(e -> {
            java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
            m.put("at", e.occurredAt().toString());
            m.put("actor", e.actor());
            m.put("action", e.action());
            m.put("before", e.stateBefore());
            m.put("after", e.stateAfter());
            m.put("detail", e.detail());
            return m;
        }).toList();
    }

    /** The 专项 (programme codes) a manager looks after. */
    public Set<String> programmesOf(String username) {
        return new TreeSet<>(jdbc.sql("select programme_code from app.staff_programme where username = ?").param(username)
                .query(String.class).list());
    }

    private static final String STATUS = """
            case when u.anonymised_at is not null then 'ERASED' when u.deactivated_at is not null then 'DEACTIVATED'
                 when not u.enabled then 'UNVERIFIED' else 'ACTIVE' end""";

    Person person(String username) {
        return jdbc.sql("select u.username, u.display_name, u.email, u.phone, u.title, u.id_number_masked, u.unit_id, n.name, "
                        + STATUS + ", u.self_registered, u.created_at, u.deactivated_at, u.deactivation_reason "
                        + "from app.app_user u left join app.unit n on n.id = u.unit_id where u.username = ?")
                .param(username == null ? "" : username)
                .query((rs, i) -> new Person(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getString(5), rs.getString(6), (Long) rs.getObject(7, Long.class), rs.getString(8),
                        new TreeSet<>(jdbc.sql("select role from app.user_role where username = ?").param(rs.getString(1))
                                .query(String.class).list()),
                        programmesOf(rs.getString(1)), rs.getString(9), rs.getBoolean(10), rs.getTimestamp(11).toInstant(),
                        rs.getTimestamp(12) == null ? null : rs.getTimestamp(12).toInstant(), rs.getString(13)))
                .optional().orElseThrow(DomainException::notFound);
    }

    private int otherAdministrators(String username) {
        return jdbc.sql("""
                        select count(*) from app.user_role r join app.app_user u on u.username = r.username
                        where r.role = 'ADMIN' and u.enabled and u.username <> ?""")
                .param(username).query(Integer.class).single();
    }

    private static Set<Role> staffRoles(List<String> raw, List<FieldProblem> problems) {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        if (raw == null) {
            return roles;
        }
        for (String name : raw) {
            try {
                Role role = Role.valueOf(name == null ? "" : name.strip().toUpperCase(Locale.ROOT));
                if (!STAFF_ROLES.contains(role)) {
                    problems.add(new FieldProblem("roles", "staff.role-not-staff", role.name()));
                } else {
                    roles.add(role);
                }
            } catch (IllegalArgumentException e) {
                problems.add(new FieldProblem("roles", "validation.option"));
            }
        }
        return roles;
    }

    private Set<String> programmes(List<String> raw, Set<Role> roles, List<FieldProblem> problems) {
        Set<String> codes = new LinkedHashSet<>();
        if (raw != null) {
            Set<String> known = new java.util.HashSet<>();
            if (raw.stream().anyMatch(code -> code != null && !code.isBlank())) {
                programmes.choices().forEach(p -> known.add(p.code()));
            }
            for (String code : raw) {
                String c = code == null ? "" : code.strip().toUpperCase(Locale.ROOT);
                if (c.isEmpty()) {
                    continue;
                }
                if (!known.contains(c)) {
                    problems.add(new FieldProblem("programmes", "staff.programme-unknown", c.length() > 16 ? c.substring(0, 16) : c));
                } else {
                    codes.add(c);
                }
            }
        }
        if (!codes.isEmpty() && !roles.contains(Role.PROGRAM_MANAGER)) {
            problems.add(new FieldProblem("programmes", "staff.programmes-for-managers"));
        }
        return codes;
    }

    private static String reason(String raw, List<FieldProblem> problems) {
        String why = raw == null ? "" : raw.strip();
        if (why.isEmpty()) {
            problems.add(new FieldProblem("reason", "validation.required"));
        } else if (why.length() > 1000) {
            problems.add(new FieldProblem("reason", "validation.max-length", 1000));
        }
        return why;
    }

    private static String describe(Set<Role> roles, Set<String> programmes) {
        return roles.stream().map(Role::name).sorted().toList() + (programmes.isEmpty() ? "" : " " + new TreeSet<>(programmes));
    }

    private Timestamp now() {
        return Timestamp.from(Instant.now(clock));
    }

    static String subject(String username) {
        return "USER-" + username;
    }
}

package org.kcyj.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Collection;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Users, their units and roles: the identity module's facade. */
@Service
public class UserDirectory {
    private final JdbcClient jdbc;
    private final PasswordEncoder passwords;
    private final Clock clock;
    private final Duration initialPasswordValidity;

    UserDirectory(JdbcClient jdbc, PasswordEncoder passwords, Clock clock,
                  @Value("${kcyj.password.initial-validity:P7D}") Duration initialPasswordValidity) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.clock = clock;
        this.initialPasswordValidity = initialPasswordValidity;
    }

    /**
     * What sign-in needs to know of an account's password: its hash; whether it is an initial password that must be
     * changed before anything else, and until when it may be used; when the password was last changed (sessions
     * signed in before then are ended).
     */
    public record PasswordState(String hash, boolean mustChange, Instant initialExpiresAt, Instant passwordChangedAt,
                                Instant accessChangedAt) {
        /**
         * The moment sessions must have signed in after: the later of the last password change and the last change
         * of the account's roles or state (a session from before it ends, so it never keeps a role taken away).
         */
        public Instant changedAt() {
            if (passwordChangedAt == null) {
                return accessChangedAt;
            }
            return accessChangedAt == null || passwordChangedAt.isAfter(accessChangedAt) ? passwordChangedAt : accessChangedAt;
        }

        /** An initial password past its validity: it no longer signs in (the user resets it by mail). */
        public boolean initialExpired(Instant now) {
            return mustChange && initialExpiresAt != null && !now.isBefore(initialExpiresAt);
        }
    }

    public Optional<UserAccount> find(String username) {
        return jdbc.sql("select username, display_name, email, unit_id, international from app.app_user where username = ? and enabled")
                .param(username)
                .query((rs, i) -> new UserAccount(rs.getString(1), rs.getString(2), rs.getString(3),
                        (Long) rs.getObject(4, Long.class), rs.getBoolean(5), rolesOf(rs.getString(1))))
                .optional();
    }

    /**
     * What other modules show of a person on their records (a reviewer on a review sheet, an applicant on a list): name,
     * address, unit, for enabled and ended accounts alike (an erased person shows their pseudonym and no address).
     */
    public record Person(String username, String displayName, String email, Long unitId, String unitName) {
    }

    /** The people, read at once (for a list or a document); user names that do not exist are left out. */
    public Map<String, Person> people(Collection<String> usernames) {
        Map<String, Person> people = new HashMap<>();
        for (List<String> chunk : org.kcyj.shared.Chunks.of(usernames)) {
            jdbc.sql("""
                            select u.username, u.display_name, u.email, u.unit_id, un.name from app.app_user u
                            left join app.unit un on un.id = u.unit_id where u.username in (:usernames)""")
                    .param("usernames", chunk)
                    .query((rs, i) -> new Person(rs.getString(1), rs.getString(2), rs.getString(3),
                            rs.getObject(4, Long.class), rs.getString(5)))
                    .list().forEach(p -> people.put(p.username(), p));
        }
        return people;
    }

    /** An account's current e-mail address; empty for an unknown user name. */
    public Optional<String> email(String username) {
        return jdbc.sql("select email from app.app_user where username = ?").param(username).query(String.class)
                .optional();
    }

    public UserAccount require(String username) {
        return find(username).orElseThrow(() -> new IllegalStateException("No such user: " + username));
    }

    Optional<String> passwordHash(String username) {
        return jdbc.sql("select password_hash from app.app_user where username = ? and enabled")
                .param(username).query(String.class).optional();
    }

    /** The password state of an enabled account. */
    public Optional<PasswordState> passwordState(String username) {
        return jdbc.sql("""
                        select password_hash, must_change_password, initial_password_expires_at, password_changed_at,
                            access_changed_at
                        from app.app_user where username = ? and enabled""")
                .param(username)
                .query((rs, i) -> new PasswordState(rs.getString(1), rs.getBoolean(2),
                        instant(rs.getTimestamp(3)), instant(rs.getTimestamp(4)), instant(rs.getTimestamp(5))))
                .optional();
    }

    /**
     * Sets a password the user chose (a change or a reset): the hash, no longer an initial password, and the moment
     * of the change, which ends the account's other sessions.
     */
    @Transactional
    Instant setPassword(String username, String rawPassword) {
        Instant now = Instant.now(clock).truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
        jdbc.sql("""
                        update app.app_user set password_hash = ?, must_change_password = false,
                            initial_password_expires_at = null, password_changed_at = ? where username = ?""")
                .params(passwords.encode(rawPassword), Timestamp.from(now), username).update();
        return now;
    }

    /** Replaces a hash by a stronger one of the same password (at sign-in); nothing else changes. */
    @Transactional
    void upgradeHash(String username, String newHash) {
        jdbc.sql("update app.app_user set password_hash = ? where username = ?").params(newHash, username).update();
    }

    /** Sets the account's e-mail address: only once its owner confirmed it from the new address. */
    @Transactional
    void setEmail(String username, String email) {
        jdbc.sql("update app.app_user set email = ? where username = ?").params(email, username).update();
    }

    /** The enabled accounts with this e-mail address (compared case-insensitively). */
    List<String> withEmail(String email) {
        return jdbc.sql("select username from app.app_user where lower(email) = lower(?) and enabled order by username")
                .param(email.strip()).query(String.class).list();
    }

    private static Instant instant(Timestamp time) {
        return time == null ? null : time.toInstant();
    }

    public Set<Role> rolesOf(String username) {
        List<String> names = jdbc.sql("select role from app.user_role where username = ?").param(username)
                .query(String.class).list();
        Set<Role> roles = EnumSet.noneOf(Role.class);
        names.forEach(n -> roles.add(Role.valueOf(n)));
        return roles;
    }

    public List<UserAccount> withRole(Role role) {
        return jdbc.sql("""
                        select u.username from app.app_user u join app.user_role r on r.username = u.username
                        where r.role = ? and u.enabled order by u.username""")
                .param(role.name()).query(String.class).list()
                .stream().map(this::require).toList();
    }

    public boolean exists(String username) {
        return jdbc.sql("select count(*) from app.app_user where username = ?").param(username)
                .query(Integer.class).single() > 0;
    }

    public Optional<Long> unitByName(String name) {
        return jdbc.sql("select id from app.unit where name = ?").param(name).query(Long.class).optional();
    }

    @Transactional
    public long createUnit(String name, String creditCode) {
        jdbc.sql("insert into app.unit (name, credit_code, created_at) values (?, ?, ?)")
                .params(name, creditCode, java.sql.Timestamp.from(Instant.now(clock))).update();
        return unitByName(name).orElseThrow();
    }

    @Transactional
    public void createUser(String username, String rawPassword, String displayName, String email, Long unitId,
                           boolean international, Set<Role> roles) {
        jdbc.sql("""
                        insert into app.app_user (username, password_hash, display_name, email, unit_id, international, enabled, created_at)
                        values (?, ?, ?, ?, ?, ?, true, ?)""")
                .params(username, passwords.encode(rawPassword), displayName, email, unitId, international, java.sql.Timestamp.from(Instant.now(clock)))
                .update();
        roles.forEach(role -> jdbc.sql("insert into app.user_role (username, role) values (?, ?)")
                .params(username, role.name()).update());
    }

    /**
     * Creates an account with an initial password that someone else (the manager who created it) has seen: the user
     * must change it at first sign-in, and it signs in only for {@code kcyj.password.initial-validity} (7 days by
     * default); after that the user resets it by mail.
     */
    @Transactional
    public void createUserWithInitialPassword(String username, String rawPassword, String displayName, String email,
                                              Long unitId, boolean international, Set<Role> roles) {
        createUser(username, rawPassword, displayName, email, unitId, international, roles);
        jdbc.sql("update app.app_user set must_change_password = true, initial_password_expires_at = ? where username = ?")
                .params(Timestamp.from(Instant.now(clock).plus(initialPasswordValidity)), username).update();
    }

    /** Adds a role to an account that lacks it. */
    @Transactional
    public void grantRole(String username, Role role) {
        if (!rolesOf(username).contains(role)) {
            jdbc.sql("insert into app.user_role (username, role) values (?, ?)").params(username, role.name()).update();
        }
    }

    /** Takes a role from an account that has it. */
    @Transactional
    public void revokeRole(String username, Role role) {
        jdbc.sql("delete from app.user_role where username = ? and role = ?").params(username, role.name()).update();
    }

    /**
     * Marks a change of the account's roles, unit or state: its sessions that signed in before now end (the portal
     * signs in again, and sees the change).
     */
    @Transactional
    public void accessChanged(String username) {
        jdbc.sql("update app.app_user set access_changed_at = ? where username = ?")
                .params(Timestamp.from(Instant.now(clock).truncatedTo(java.time.temporal.ChronoUnit.MILLIS)), username)
                .update();
    }

    /** Sets (or clears) the unit an account applies and acts for: that of its confirmed affiliation. */
    @Transactional
    void setUnit(String username, Long unitId) {
        jdbc.sql("update app.app_user set unit_id = ? where username = ?").params(unitId, username).update();
    }

    /**
     * Whether the account's e-mail address is known to be its owner's: confirmed from a mailed link, or given by the
     * staff who created the account.
     */
    public boolean emailVerified(String username) {
        return jdbc.sql("select count(*) from app.app_user where username = ? and (email_verified_at is not null or not self_registered)")
                .param(username).query(Integer.class).single() > 0;
    }

    /** Whether the account exists and is enabled (a deactivated or unverified account is not). */
    public boolean enabled(String username) {
        return jdbc.sql("select count(*) from app.app_user where username = ? and enabled").param(username)
                .query(Integer.class).single() > 0;
    }

    /**
     * An account's display name and international flag, as the profile that owns them changed them. The e-mail
     * address is not among them: only its owner changes it, confirmed from the new address.
     */
    @Transactional
    public void updateDetails(String username, String displayName, boolean international) {
        jdbc.sql("update app.app_user set display_name = ?, international = ? where username = ?")
                .params(displayName, international, username).update();
    }

    /** Whether any enabled account still accepts the given password (used to refuse default passwords). */
    public List<String> accountsWithPassword(String rawPassword) {
        return jdbc.sql("select username, password_hash from app.app_user where enabled")
                .query((rs, i) -> passwords.matches(rawPassword, rs.getString(2)) ? rs.getString(1) : null)
                .list().stream().filter(java.util.Objects::nonNull).toList();
    }
}

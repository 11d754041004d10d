package org.kcyj.identity;

import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

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

    UserDirectory(JdbcClient jdbc, PasswordEncoder passwords, Clock clock) {
        this.jdbc = jdbc;
        this.passwords = passwords;
        this.clock = clock;
    }

    public Optional<UserAccount> find(String username) {
        return jdbc.sql("select username, display_name, email, unit_id, international from app.app_user where username = ? and enabled")
                .param(username)
                .query((rs, i) -> new UserAccount(rs.getString(1), rs.getString(2), rs.getString(3),
                        (Long) rs.getObject(4, Long.class), rs.getBoolean(5), rolesOf(rs.getString(1))))
                .optional();
    }

    public UserAccount require(String username) {
        return find(username).orElseThrow(() -> new IllegalStateException("No such user: " + username));
    }

    Optional<String> passwordHash(String username) {
        return jdbc.sql("select password_hash from app.app_user where username = ? and enabled")
                .param(username).query(String.class).optional();
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

    /** Adds a role to an account that lacks it. */
    @Transactional
    public void grantRole(String username, Role role) {
        if (!rolesOf(username).contains(role)) {
            jdbc.sql("insert into app.user_role (username, role) values (?, ?)").params(username, role.name()).update();
        }
    }

    /** An account's display name, e-mail and international flag, as the profile that owns them changed them. */
    @Transactional
    public void updateDetails(String username, String displayName, String email, boolean international) {
        jdbc.sql("update app.app_user set display_name = ?, email = ?, international = ? where username = ?")
                .params(displayName, email, international, username).update();
    }

    /** Whether any enabled account still accepts the given password (used to refuse default passwords). */
    public List<String> accountsWithPassword(String rawPassword) {
        return jdbc.sql("select username, password_hash from app.app_user where enabled")
                .query((rs, i) -> passwords.matches(rawPassword, rs.getString(2)) ? rs.getString(1) : null)
                .list().stream().filter(java.util.Objects::nonNull).toList();
    }
}

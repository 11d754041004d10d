package org.kcyj.identity;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

import org.kcyj.audit.AuditLog;
import org.springframework.dao.DataIntegrityViolationException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.oauth2.core.OAuth2AuthenticationException;
import org.springframework.security.oauth2.core.OAuth2Error;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Who a single sign-on is, in our own accounts (docs/accounts-sso.md). The provider's identity (issuer, subject) is
 * linked to one account, once; later sign-ins with it are that account. A first sign-in:
 * <ul>
 * <li>links to an existing account only when the provider vouches for the e-mail address (email_verified), exactly
 * one enabled account has that address, that account confirmed it too, and it is not staff: an address alone is
 * weak evidence, so both sides must have checked it, and only one account can be meant;</li>
 * <li>is refused when the vouched-for address is a staff member's (programme managers, directors, administrators),
 * whether or not their account confirmed it: staff accounts link only when they
 * start the single sign-on in a session they signed in to with their password ({@link #linkSignedIn}), so a
 * provider's say-so never opens a staff account;</li>
 * <li>is refused when the vouched-for address is that of a deactivated account, which does not come back through
 * the single sign-on under a new name;</li>
 * <li>otherwise creates a person with no role and no unit ({@link Registration#createFromSingleSignOn}), who asks to
 * join their unit like anyone registered, and whose unit's administrator confirms them.</li>
 * </ul>
 * A linked account that is deactivated does not sign in. Each link is audited (SSO_LINKED).
 */
final class SingleSignOnAccounts {
    static final String STAFF = "kcyj_sso_staff";
    static final String DISABLED = "kcyj_sso_disabled";
    static final String INVALID = "kcyj_sso_invalid";
    static final String LINKED_ELSEWHERE = "kcyj_sso_linked_elsewhere";
    private static final Set<Role> STAFF_ROLES = EnumSet.of(Role.PROGRAM_MANAGER, Role.DIRECTOR, Role.ADMIN);

    /** What the provider says of the person signing in. */
    record Identity(String issuer, String subject, String preferredUsername, String displayName, String email,
                    boolean emailVerified) {
    }

    private final JdbcClient jdbc;
    private final UserDirectory users;
    private final Registration registration;
    private final AuditLog audit;
    private final TransactionTemplate transaction;
    private final Clock clock;

    SingleSignOnAccounts(JdbcClient jdbc, UserDirectory users, Registration registration, AuditLog audit,
                         PlatformTransactionManager transactions, Clock clock) {
        this.jdbc = jdbc;
        this.users = users;
        this.registration = registration;
        this.audit = audit;
        this.transaction = new TransactionTemplate(transactions);
        this.clock = clock;
    }

    /**
     * The local user name of this identity, linking or creating the account at its first sign-in. Refusals are
     * {@link OAuth2AuthenticationException}s with the codes {@link #STAFF}, {@link #DISABLED} and {@link #INVALID}.
     * Two first sign-ins of one identity at once: the second to commit finds the first one's link and uses it.
     */
    String signIn(Identity identity) {
        check(identity);
        try {
            return transaction.execute(status -> resolve(identity));
        } catch (DataIntegrityViolationException raced) {
            return transaction.execute(status -> resolve(identity));
        }
    }

    /**
     * Links this identity to the account signed in with its password in this session: how staff (whom a first
     * sign-on never links) and anyone else link their provider identity on purpose. An identity already linked to
     * another account is refused ({@link #LINKED_ELSEWHERE}).
     */
    String linkSignedIn(Identity identity, String username) {
        check(identity);
        return transaction.execute(status -> {
            Optional<String> linked = jdbc.sql("select username from app.sso_link where issuer = ? and subject = ?")
                    .params(identity.issuer(), identity.subject()).query(String.class).optional();
            if (linked.isPresent() && !linked.get().equals(username)) {
                throw refused(LINKED_ELSEWHERE);
            }
            if (!users.enabled(username)) {
                throw refused(DISABLED);
            }
            if (linked.isEmpty()) {
                link(identity, username);
            }
            return username;
        });
    }

    private static void check(Identity identity) {
        if (identity.issuer() == null || identity.issuer().isBlank() || identity.issuer().length() > 300
                || identity.subject() == null || identity.subject().isBlank() || identity.subject().length() > 255) {
            throw refused(INVALID);
        }
    }

    private String resolve(Identity identity) {
        Optional<String> linked = jdbc.sql("select username from app.sso_link where issuer = ? and subject = ?")
                .params(identity.issuer(), identity.subject()).query(String.class).optional();
        if (linked.isPresent()) {
            if (!users.enabled(linked.get())) {
                throw refused(DISABLED);
            }
            return linked.get();
        }
        String email = email(identity.email());
        if (identity.emailVerified() && email != null) {
            if (deactivatedWith(email)) {
                throw refused(DISABLED);
            }
            List<String> holders = users.withEmail(email);
            // staff addresses are trusted as their administrators entered them, confirmed or not: a staff member
            // gets neither their account nor a second one beside it, but is told to link with their password
            if (holders.stream().anyMatch(holder -> users.rolesOf(holder).stream().anyMatch(STAFF_ROLES::contains))) {
                throw refused(STAFF);
            }
            if (holders.size() == 1 && confirmedEmail(holders.get(0))) {
                link(identity, holders.get(0));
                return holders.get(0);
            }
        }
        String wanted = identity.preferredUsername() != null && !identity.preferredUsername().isBlank()
                ? identity.preferredUsername()
                : email == null ? null : email.substring(0, email.indexOf('@'));
        String created = registration.createFromSingleSignOn(wanted, identity.displayName(), email, identity.emailVerified());
        link(identity, created);
        return created;
    }

    private void link(Identity identity, String username) {
        jdbc.sql("insert into app.sso_link (issuer, subject, username, linked_at) values (?, ?, ?, ?)")
                .params(identity.issuer(), identity.subject(), username, Timestamp.from(Instant.now(clock)))
                .update();
        audit.record(username, "SSO_LINKED", Registration.subject(username), null, null, identity.issuer());
    }

    /** The address as given, when it is one; anything else counts as no address. */
    private static String email(String raw) {
        if (raw == null) {
            return null;
        }
        String value = raw.strip();
        return value.length() <= 200 && Registration.EMAIL.matcher(value).matches() ? value : null;
    }

    private boolean confirmedEmail(String username) {
        return jdbc.sql("select count(*) from app.app_user where username = ? and email_verified_at is not null")
                .param(username).query(Integer.class).single() > 0;
    }

    private boolean deactivatedWith(String email) {
        return jdbc.sql("""
                        select count(*) from app.app_user
                        where lower(email) = lower(?) and not enabled and deactivated_at is not null""")
                .param(email.toLowerCase(Locale.ROOT)).query(Integer.class).single() > 0;
    }

    static OAuth2AuthenticationException refused(String code) {
        return new OAuth2AuthenticationException(new OAuth2Error(code));
    }
}

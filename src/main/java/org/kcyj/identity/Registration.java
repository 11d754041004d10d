package org.kcyj.identity;

import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.kcyj.audit.AuditLog;
import org.kcyj.mail.Mailer;
import org.kcyj.shared.BusinessTime;
import org.kcyj.shared.DomainException;
import org.kcyj.shared.FieldProblem;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatus;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A researcher or an enterprise's staff member registers themselves (docs/accounts.md). The answer to a
 * well-formed registration is always the same ("check your mailbox"), whatever is already known: what happened is
 * told to the mailbox only. A new account waits, unable to sign in, until its owner opens the single-use link
 * mailed to them; a link not opened in time lets the name, address and ID number be registered afresh. Consent to
 * the privacy notice is part of the registration and recorded with the notice's version. Registrations are limited
 * per requesting address, and registration mails per mailbox.
 */
@Service
public class Registration {
    static final String PURPOSE = "REGISTRATION";
    public static final Pattern USERNAME = Pattern.compile("[a-z0-9][a-z0-9._-]{2,31}");
    static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9][0-9 ()-]{5,38}");
    private static final Pattern DISCIPLINE = Pattern.compile("[A-Z]?[0-9]{3,8}");
    public static final List<String> DEGREES = List.of("DOCTORATE", "MASTER", "BACHELOR", "OTHER");

    /** What a person registers with; {@code consent} is their acceptance of the privacy notice's current version. */
    public record PersonInput(String username, String displayName, String email, String phone, String idType,
                              String idNumber, String title, String degree, List<String> disciplineCodes,
                              String password, Boolean consent) {
    }

    private final JdbcClient jdbc;
    private final UserDirectory users;
    private final PasswordPolicy policy;
    private final PasswordEncoder encoder;
    private final PersonalDataCipher cipher;
    private final Mailer mailer;
    private final AuditLog audit;
    private final RequestCounter counter;
    private final Clock clock;
    private final String baseUrl;
    private final String noticeVersion;
    private final Duration linkValidity;
    private final int perAddress;
    private final int mailsPerMailbox;
    private final SecureRandom random = new SecureRandom();
    private final org.springframework.core.env.Environment environment;
    private final PasswordGuesses guesses;

    Registration(org.springframework.core.env.Environment environment, JdbcClient jdbc, UserDirectory users, PasswordPolicy policy, PasswordEncoder encoder,
                 PersonalDataCipher cipher, Mailer mailer, AuditLog audit, RequestCounter counter, Clock clock,
                 PasswordGuesses guesses,
                 @Value("${kcyj.public-base-url:http://localhost:8080}") String baseUrl,
                 @Value("${kcyj.privacy-notice-version:2026-12}") String noticeVersion,
                 @Value("${kcyj.registration.link-validity:PT24H}") Duration linkValidity,
                 @Value("${kcyj.registration.per-address:20}") int perAddress,
                 @Value("${kcyj.registration.mails-per-mailbox:3}") int mailsPerMailbox) {
        this.environment = environment;
        this.guesses = guesses;
        this.jdbc = jdbc;
        this.users = users;
        this.policy = policy;
        this.encoder = encoder;
        this.cipher = cipher;
        this.mailer = mailer;
        this.audit = audit;
        this.counter = counter;
        this.clock = clock;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.noticeVersion = noticeVersion;
        this.linkValidity = linkValidity;
        this.perAddress = perAddress;
        this.mailsPerMailbox = mailsPerMailbox;
    }

    public String noticeVersion() {
        return noticeVersion;
    }

    public long linkValidityHours() {
        return linkValidity.toHours();
    }

    /**
     * Registers a person. Bad input is refused at once with every problem (400); too many registrations from one
     * address within an hour are refused (429). Otherwise the answer is the same whether or not the address, the
     * user name or the ID number is already known: the mailbox is told what happened.
     */
    @Transactional
    public void register(PersonInput in, String remoteAddress) {
        if (!counter.allow("REGISTRATION", remoteAddress, perAddress, Duration.ofHours(1))) {
            throw new DomainException(HttpStatus.TOO_MANY_REQUESTS, "error.registration.throttled");
        }
        Checked person = check(in);
        // The slow part (the password hash) is done whatever happens next, so the time taken does not tell a known
        // address, name or ID number from a new one.
        String passwordHash = encoder.encode(in.password());
        String idCipher = cipher.encrypt(person.idNumber());
        purgeExpired();
        Instant now = Instant.now(clock);
        Optional<String> byEmail = jdbc.sql("select username from app.app_user where lower(email) = lower(?) fetch first 1 rows only")
                .param(person.email()).query(String.class).optional();
        if (byEmail.isPresent()) {
            mailOnce(person.email(), "registration-known-" + byEmail.get() + "-" + now.toEpochMilli(),
                    "【科创甬江2035】您已注册 / You already have an account",
                    "您好！\n\n有人（希望是您本人）用本邮箱申请注册。本邮箱已有账户，无需再次注册：请直接登录；忘记密码可在此重设：\n"
                            + baseUrl + "/password/forgot\n\n"
                            + "Someone (we hope you) tried to register with this address. It already has an account: "
                            + "sign in, or reset your password with the link above. If it was not you, ignore this mail.");
            audit.record("anonymous", "REGISTRATION_REFUSED", "REGISTRATION", null, null, "e-mail address already registered");
            return;
        }
        if (users.exists(person.username()) || jdbc.sql("select count(*) from app.app_user where lower(username) = ?")
                .param(person.username()).query(Integer.class).single() > 0) {
            mailOnce(person.email(), "registration-name-taken-" + now.toEpochMilli(),
                    "【科创甬江2035】账户名已被使用 / That account name is taken",
                    "您好！\n\n您申请注册的账户名 " + person.username() + " 已被使用，账户未创建。请换一个账户名重新注册：\n"
                            + baseUrl + "/register\n\nThe account name " + person.username()
                            + " is taken; no account was created. Register again with another name.");
            audit.record("anonymous", "REGISTRATION_REFUSED", "REGISTRATION", null, null, "account name taken");
            return;
        }
        Optional<String> byId = jdbc.sql("select username from app.app_user where id_number_hash = ?")
                .param(person.idHash()).query(String.class).optional();
        if (byId.isPresent()) {
            mailOnce(person.email(), "registration-duplicate-" + now.toEpochMilli(),
                    "【科创甬江2035】证件号码已注册 / These details are already registered",
                    "您好！\n\n您填写的证件号码已有账户，一人只能注册一个账户，本次未创建账户。如该账户是您的，请用其邮箱登录或重设密码；"
                            + "如有疑问请联系科技局。\n\nThe ID number you gave already has an account: one person, one account. "
                            + "No account was created. If it is yours, sign in with its address; otherwise contact the bureau.");
            users.find(byId.get()).map(UserAccount::email).filter(e -> e != null && !e.isBlank()).ifPresent(known ->
                    mailOnce(known, "registration-duplicate-notice-" + byId.get() + "-" + now.toEpochMilli(),
                            "【科创甬江2035】有人用您的证件号码申请注册 / Someone registered with your ID number",
                            "您好！\n\n有人用您账户的证件号码申请注册新账户，已被拒绝。如果不是您本人，请联系科技局。\n\n"
                                    + "Someone tried to register a new account with your ID number; it was refused. "
                                    + "If it was not you, tell the bureau."));
            audit.record("anonymous", "REGISTRATION_REFUSED", "REGISTRATION", null, null, "ID number already registered");
            return;
        }
        insert(person, passwordHash, idCipher, now, false);
        String token = token();
        jdbc.sql("""
                        insert into app.account_token (username, purpose, token_hash, created_at, expires_at)
                        values (?, ?, ?, ?, ?)""")
                .params(person.username(), PURPOSE, AccountService.hash(token), Timestamp.from(now),
                        Timestamp.from(now.plus(linkValidity))).update();
        mailOnce(person.email(), "registration-" + person.username() + "-" + now.toEpochMilli(),
                "【科创甬江2035】确认您的电子邮箱 / Confirm your e-mail address",
                person.displayName() + "：您好！\n\n请在 " + BusinessTime.display(now.plus(linkValidity))
                        + "（北京时间）前打开以下链接确认邮箱，完成账户 " + person.username() + " 的注册；链接只能使用一次：\n"
                        + baseUrl + "/register/verify?token=" + token + "\n\n确认后请登录，申请加入您的单位；单位管理员确认后即可申报。\n\n"
                        + "Open the link above within " + linkValidity.toHours() + " hours to confirm your address and "
                        + "finish registering account " + person.username() + ". Then sign in and ask to join your unit.");
        audit.record("anonymous", "PERSON_REGISTERED", subject(person.username()), null, "UNVERIFIED",
                "self-registration; privacy notice " + noticeVersion + " accepted; waiting for e-mail confirmation");
    }

    /**
     * Registers a person whose address needs no confirmation: the demo's own people, whose password ("demo") is
     * published in README and so is not held to the password rules. Everything else is as {@link #register}.
     */
    @Transactional
    public String registerConfirmed(PersonInput in) {
        DemoOnly.require(environment);
        Checked person = check(in, false);
        if (users.exists(person.username())) {
            throw DomainException.conflict("error.staff.username-taken");
        }
        Instant now = Instant.now(clock);
        insert(person, encoder.encode(in.password()), cipher.encrypt(person.idNumber()), now, true);
        audit.record(person.username(), "PERSON_REGISTERED", subject(person.username()), null, "ACTIVE",
                "registered with a confirmed address; privacy notice " + noticeVersion + " accepted");
        return person.username();
    }

    private void insert(Checked person, String passwordHash, String idCipher, Instant now, boolean confirmed) {
        jdbc.sql("""
                        insert into app.app_user (username, password_hash, display_name, email, unit_id, international, enabled,
                            created_at, phone, title, degree, discipline_codes, id_type, id_number_hash, id_number_cipher,
                            id_number_masked, self_registered, password_changed_at, email_verified_at)
                        values (?, ?, ?, ?, null, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, true, ?, ?)""")
                .params(person.username(), passwordHash, person.displayName(), person.email(),
                        person.idType() == IdType.PASSPORT, confirmed, Timestamp.from(now), person.phone(), person.title(),
                        person.degree(), String.join(",", person.disciplines()), person.idType().name(), person.idHash(),
                        idCipher, person.idType().mask(person.idNumber()), Timestamp.from(now),
                        confirmed ? Timestamp.from(now) : null)
                .update();
        recordConsent(person.username(), now);
    }

    /** Whether a registration link can still be used (for the page that asks to confirm it). */
    public Optional<String> pendingUsername(String token) {
        return open(token).map(OpenLink::username);
    }

    /** Confirms the address with the mailed link: the account can sign in from now on. Returns its user name. */
    @Transactional
    public String verify(String token) {
        OpenLink link = open(token).orElseThrow(() -> DomainException.invalid("token", "error.account-token.invalid"));
        Instant now = Instant.now(clock);
        int claimed = jdbc.sql("update app.account_token set used_at = ? where id = ? and used_at is null")
                .params(Timestamp.from(now), link.id()).update();
        if (claimed != 1) {
            throw DomainException.invalid("token", "error.account-token.invalid");
        }
        jdbc.sql("update app.app_user set enabled = true, email_verified_at = ? where username = ? and email_verified_at is null")
                .params(Timestamp.from(now), link.username()).update();
        audit.record(link.username(), "EMAIL_VERIFIED", subject(link.username()), "UNVERIFIED", "ACTIVE",
                "registration confirmed from the mailed link");
        return link.username();
    }

    /**
     * Creates a person who signed in through the single sign-on for the first time: their address is taken as the
     * provider verified it; they join no unit until its administrator confirms them, and have consented to the
     * privacy notice only once they accept it ({@link #consent}).
     */
    @Transactional
    public String createFromSingleSignOn(String preferredUsername, String displayName, String email, boolean emailVerified) {
        String base = preferredUsername == null ? "" : preferredUsername.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9._-]", "");
        if (base.length() < 3 || !Character.isLetterOrDigit(base.charAt(0))) {
            base = "sso";
        }
        base = base.length() > 24 ? base.substring(0, 24) : base;
        String username = base;
        for (int i = 2; users.exists(username); i++) {
            username = base + "-" + i;
        }
        Instant now = Instant.now(clock);
        byte[] unusable = new byte[32];
        random.nextBytes(unusable);
        jdbc.sql("""
                        insert into app.app_user (username, password_hash, display_name, email, international, enabled,
                            created_at, self_registered, email_verified_at)
                        values (?, ?, ?, ?, false, true, ?, true, ?)""")
                .params(username, encoder.encode(Base64.getEncoder().encodeToString(unusable)),
                        displayName == null || displayName.isBlank() ? username : limit(displayName.strip(), 100),
                        email == null || email.isBlank() ? null : limit(email.strip(), 200), Timestamp.from(now),
                        emailVerified && email != null && !email.isBlank() ? Timestamp.from(now) : null)
                .update();
        audit.record(username, "PERSON_REGISTERED", subject(username), null, "ACTIVE", "first single sign-on");
        return username;
    }

    /** Whether the account has accepted the current version of the privacy notice. */
    /** Whether the account registered itself and has not accepted the current privacy notice. */
    public boolean consentRequired(String username) {
        boolean selfRegistered = jdbc.sql("select self_registered from app.app_user where username = ?")
                .param(username).query(Boolean.class).optional().orElse(false);
        return selfRegistered && !hasConsented(username);
    }

    public boolean hasConsented(String username) {
        return jdbc.sql("select count(*) from app.privacy_consent where username = ? and notice_version = ?")
                .params(username, noticeVersion).query(Integer.class).single() > 0;
    }

    /** Records the account's acceptance of the current privacy notice. */
    @Transactional
    public void consent(String username) {
        if (!hasConsented(username)) {
            recordConsent(username, Instant.now(clock));
            audit.record(username, "PRIVACY_CONSENT", subject(username), null, null, "privacy notice " + noticeVersion);
        }
    }

    private void recordConsent(String username, Instant at) {
        jdbc.sql("insert into app.privacy_consent (username, notice_version, accepted_at) values (?, ?, ?)")
                .params(username, noticeVersion, Timestamp.from(at)).update();
    }

    record Checked(String username, String displayName, String email, String phone, IdType idType, String idNumber,
                   String idHash, String title, String degree, List<String> disciplines) {
    }

    /** Every problem of the input at once (400), before anything is looked up. */
    Checked check(PersonInput in) {
        return check(in, true);
    }

    private Checked check(PersonInput in, boolean passwordRules) {
        if (in == null) {
            throw DomainException.invalid("username", "validation.required");
        }
        List<FieldProblem> problems = new ArrayList<>();
        String username = AccountInput.username(problems, in.username());
        String name = AccountInput.required(problems, "displayName", in.displayName(), 100);
        String email = AccountInput.required(problems, "email", in.email(), 200);
        if (email != null && !EMAIL.matcher(email).matches()) {
            problems.add(new FieldProblem("email", "validation.email"));
        }
        String phone = AccountInput.required(problems, "phone", in.phone(), 40);
        if (phone != null && !PHONE.matcher(phone).matches()) {
            problems.add(new FieldProblem("phone", "registration.phone-format"));
        }
        Optional<IdType> type = IdType.parse(in.idType());
        if (type.isEmpty()) {
            problems.add(new FieldProblem("idType", in.idType() == null || in.idType().isBlank()
                    ? "validation.required" : "validation.option"));
        }
        String idNumber = null;
        if (in.idNumber() == null || in.idNumber().isBlank()) {
            problems.add(new FieldProblem("idNumber", "validation.required"));
        } else if (type.isPresent()) {
            Optional<String> problem = type.get().problem(in.idNumber(), LocalDate.now(clock.withZone(BusinessTime.ZONE)));
            if (problem.isPresent()) {
                problems.add(new FieldProblem("idNumber", problem.get()));
            } else {
                idNumber = type.get().normalise(in.idNumber());
            }
        }
        String title = AccountInput.required(problems, "title", in.title(), 50);
        String degree = in.degree() == null ? "" : in.degree().strip().toUpperCase(Locale.ROOT);
        if (degree.isEmpty()) {
            problems.add(new FieldProblem("degree", "validation.required"));
        } else if (!DEGREES.contains(degree)) {
            problems.add(new FieldProblem("degree", "validation.option"));
        }
        LinkedHashSet<String> disciplines = new LinkedHashSet<>();
        if (in.disciplineCodes() != null) {
            for (String code : in.disciplineCodes()) {
                String c = code == null ? "" : code.strip().toUpperCase(Locale.ROOT);
                if (!c.isEmpty() && !DISCIPLINE.matcher(c).matches()) {
                    problems.add(new FieldProblem("disciplineCodes", "registration.discipline-format", c.length() > 20 ? c.substring(0, 20) : c));
                } else if (!c.isEmpty()) {
                    disciplines.add(c);
                }
            }
        }
        if (disciplines.isEmpty()) {
            problems.add(new FieldProblem("disciplineCodes", "validation.required"));
        } else if (disciplines.size() > 5) {
            problems.add(new FieldProblem("disciplineCodes", "registration.disciplines-too-many", 5));
        }
        if (passwordRules) {
            problems.addAll(policy.check("password", in.password(), username, name, email));
        } else if (in.password() == null || in.password().isEmpty()) {
            problems.add(new FieldProblem("password", "validation.required"));
        }
        if (!Boolean.TRUE.equals(in.consent())) {
            problems.add(new FieldProblem("consent", "registration.consent-required"));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        return new Checked(username, name, email, phone, type.get(), idNumber, cipher.matchHash(type.get().name(), idNumber),
                title, degree, List.copyOf(disciplines));
    }


    /** Accounts never confirmed whose links have all expired: their name, address and ID number are free again. */
    private void purgeExpired() {
        Timestamp now = Timestamp.from(Instant.now(clock));
        List<String> stale = jdbc.sql("""
                        select u.username from app.app_user u
                        where u.self_registered and not u.enabled and u.email_verified_at is null and u.deactivated_at is null
                        and not exists (select 1 from app.account_token t where t.username = u.username
                                        and t.purpose = ? and t.expires_at > ?)""")
                .params(PURPOSE, now).query(String.class).list();
        for (String username : stale) {
            jdbc.sql("delete from app.account_token where username = ?").param(username).update();
            jdbc.sql("delete from app.privacy_consent where username = ?").param(username).update();
            guesses.forget(username);
            jdbc.sql("delete from app.app_user where username = ?").param(username).update();
        }
    }

    private void mailOnce(String to, String key, String subject, String body) {
        if (counter.allow("REGISTRATION_MAIL", to.toLowerCase(Locale.ROOT), mailsPerMailbox, Duration.ofHours(1))) {
            mailer.queue(key, to, subject, body);
        }
    }

    private record OpenLink(long id, String username) {
    }

    private Optional<OpenLink> open(String token) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select id, username from app.account_token
                        where token_hash = ? and purpose = ? and used_at is null and expires_at > ?""")
                .params(AccountService.hash(token.strip()), PURPOSE, Timestamp.from(Instant.now(clock)))
                .query((rs, i) -> new OpenLink(rs.getLong(1), rs.getString(2))).optional();
    }

    private String token() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    private static String limit(String s, int max) {
        return s.length() > max ? s.substring(0, max) : s;
    }

    static String subject(String username) {
        return "USER-" + username;
    }
}

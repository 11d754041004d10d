package org.kcyj.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Deque;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
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
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.context.request.RequestContextHolder;
import org.springframework.web.context.request.ServletRequestAttributes;

/**
 * A user's own account: changing one's password (the current one required), resetting a forgotten one by a link
 * mailed to the account's address, and changing one's e-mail address, confirmed from the new address (the old one
 * is told). Links carry 32 random bytes; only their SHA-256 hash is stored; each is single-use and expires, and
 * using one voids the account's other open links of its kind. Every change is audited, never with a password or
 * a token, and the user is mailed when their password changed.
 */
@Service
class AccountService {
    static final String RESET = "PASSWORD_RESET";
    static final String EMAIL_CHANGE = "EMAIL_CHANGE";
    private static final int TOKEN_BYTES = 32;
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final int MAX_EMAIL = 200;
    private static final int MAX_IDENTIFIER = 200;

    private final JdbcClient jdbc;
    private final UserDirectory users;
    private final PasswordEncoder encoder;
    private final PasswordPolicy policy;
    private final Mailer mailer;
    private final AuditLog audit;
    private final Clock clock;
    private final String baseUrl;
    private final Duration resetValidity;
    private final Duration emailValidity;
    private final int resetsPerAccount;
    private final Duration throttleWindow;
    private final AddressThrottle addresses;
    private final PasswordGuesses guesses;
    /** Wrong guesses are counted in a transaction of their own: the refusal rolls back the caller's. */
    private final TransactionTemplate ownTransaction;
    private final SecureRandom random = new SecureRandom();

    AccountService(JdbcClient jdbc, UserDirectory users, PasswordEncoder encoder, PasswordPolicy policy, Mailer mailer,
                   AuditLog audit, Clock clock, PasswordGuesses guesses, PlatformTransactionManager transactions,
                   @Value("${kcyj.public-base-url:http://localhost:8080}") String baseUrl,
                   @Value("${kcyj.password.reset-validity:PT30M}") Duration resetValidity,
                   @Value("${kcyj.account.email-confirmation-validity:PT24H}") Duration emailValidity,
                   @Value("${kcyj.password.resets-per-account:3}") int resetsPerAccount,
                   @Value("${kcyj.password.resets-per-address:10}") int resetsPerAddress,
                   @Value("${kcyj.password.reset-throttle-window:PT1H}") Duration throttleWindow) {
        this.jdbc = jdbc;
        this.users = users;
        this.encoder = encoder;
        this.policy = policy;
        this.mailer = mailer;
        this.audit = audit;
        this.clock = clock;
        this.baseUrl = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
        this.resetValidity = resetValidity;
        this.emailValidity = emailValidity;
        this.resetsPerAccount = resetsPerAccount;
        this.throttleWindow = throttleWindow;
        this.addresses = new AddressThrottle(resetsPerAddress, throttleWindow, clock);
        this.guesses = guesses;
        this.ownTransaction = new TransactionTemplate(transactions);
        this.ownTransaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** How long a reset link is valid, in minutes (for the page that says a link was sent). */
    public long resetValidityMinutes() {
        return resetValidity.toMinutes();
    }

    public PasswordPolicy policy() {
        return policy;
    }

    /** Whether the account must change its initial password before anything else. */
    public boolean mustChangePassword(String username) {
        return users.passwordState(username).map(UserDirectory.PasswordState::mustChange).orElse(false);
    }

    /** The new address waiting for confirmation, if any. */
    public Optional<String> pendingEmail(String username) {
        return jdbc.sql("""
                        select new_email from app.account_token where username = ? and purpose = ? and used_at is null
                        and expires_at > ? order by id desc fetch first 1 rows only""")
                .params(username, EMAIL_CHANGE, Timestamp.from(now())).query(String.class).optional();
    }

    /**
     * Changes the user's own password: the current one must be given and right, the new one must follow the rules
     * ({@link PasswordPolicy}) and differ from the current one; {@code confirmation} (the portal's second field) must
     * repeat it when given. Every problem is answered at once (400). Returns the moment of the change: sessions that
     * signed in before it end.
     */
    @Transactional
    public Instant changePassword(String username, String current, String next, String confirmation) {
        UserAccount account = users.require(username);
        UserDirectory.PasswordState state = users.passwordState(username).orElseThrow(DomainException::notFound);
        List<FieldProblem> problems = new ArrayList<>();
        checkCurrent(username, current, state.hash(), problems);
        problems.addAll(policy.check("newPassword", next, username, account.displayName(), account.email()));
        if (problems.isEmpty() && encoder.matches(next, state.hash())) {
            problems.add(new FieldProblem("newPassword", "password.unchanged"));
        }
        if (confirmation != null && next != null && !confirmation.equals(next)) {
            problems.add(new FieldProblem("confirmPassword", "password.mismatch"));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        Instant at = users.setPassword(username, next);
        voidOpen(username, RESET, at);
        mailPasswordChanged(account, at);
        audit.record(username, "PASSWORD_CHANGED", subject(username), null, null,
                state.mustChange() ? "initial password replaced; other sessions ended" : "other sessions ended");
        return at;
    }

    /**
     * Checks the user's current password before an act that cannot be undone (erasing their data): refused (400) when
     * missing or wrong, and counted like a failed sign-in.
     */
    @Transactional
    public void confirmPassword(String username, String current) {
        UserDirectory.PasswordState state = users.passwordState(username).orElseThrow(DomainException::notFound);
        List<FieldProblem> problems = new ArrayList<>();
        checkCurrent(username, current, state.hash(), problems);
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
    }

    /**
     * Someone asks for a reset link for a user name or e-mail address. The answer is the same whether or not an
     * account is found (nothing to enumerate accounts with): a known account with an address is mailed a link,
     * at most {@code kcyj.password.resets-per-account} per hour; an address (the requester's IP) that asks more than
     * {@code kcyj.password.resets-per-address} times an hour is refused (429) whatever it asks for.
     */
    @Transactional
    public void requestReset(String identifier, String remoteAddress) {
        if (identifier == null || identifier.isBlank()) {
            throw DomainException.invalid("identifier", "validation.required");
        }
        if (!addresses.allow(remoteAddress)) {
            throw new DomainException(HttpStatus.TOO_MANY_REQUESTS, "error.password-reset.throttled");
        }
        String wanted = identifier.strip();
        if (wanted.length() > MAX_IDENTIFIER) {
            return;
        }
        List<String> accounts = users.find(wanted).map(a -> List.of(a.username()))
                .orElseGet(() -> wanted.contains("@") ? users.withEmail(wanted) : List.of());
        Instant now = now();
        for (String username : accounts) {
            UserAccount account = users.require(username);
            if (account.email() == null || account.email().isBlank()) {
                continue;
            }
            int recent = jdbc.sql("select count(*) from app.account_token where username = ? and purpose = ? and created_at > ?")
                    .params(username, RESET, Timestamp.from(now.minus(throttleWindow))).query(Integer.class).single();
            if (recent >= resetsPerAccount) {
                continue;
            }
            Issued issued = issue(username, RESET, null, now.plus(resetValidity));
            String link = baseUrl + "/password/reset?token=" + issued.token();
            mailer.queue("password-reset-" + issued.id(), account.email(), "【科创甬江2035】重设密码 / Reset your password",
                    account.displayName() + "：您好！\n\n有人（希望是您本人）申请重设账户 " + username + " 的密码。请在 "
                            + BusinessTime.display(now.plus(resetValidity)) + "（北京时间）前打开以下链接设置新密码，"
                            + "链接只能使用一次：\n" + link + "\n\n如果不是您本人申请，请忽略本邮件，您的密码不会改变。\n\n"
                            + "Someone (we hope you) asked to reset the password of account " + username + ". Open the "
                            + "link above within " + resetValidity.toMinutes() + " minutes to set a new password; it works "
                            + "once. If it was not you, ignore this mail: your password stays as it is.");
            audit.record("anonymous", "PASSWORD_RESET_REQUESTED", subject(username), null, null,
                    "link valid " + resetValidity.toMinutes() + " min");
        }
    }

    /** Whether a reset link is still usable (for the page that asks for the new password). */
    public boolean resetTokenValid(String token) {
        return open(token, RESET).isPresent();
    }

    /** Sets a new password with a reset link; the link and every other open reset link of the account are used up. */
    @Transactional
    public void resetPassword(String token, String next, String confirmation) {
        OpenToken open = open(token, RESET).orElseThrow(() -> DomainException.invalid("token", "error.account-token.invalid"));
        UserAccount account = users.require(open.username());
        List<FieldProblem> problems = new ArrayList<>(policy.check("newPassword", next, account.username(),
                account.displayName(), account.email()));
        if (confirmation != null && next != null && !confirmation.equals(next)) {
            problems.add(new FieldProblem("confirmPassword", "password.mismatch"));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        Instant now = now();
        claim(open, now);
        voidOpen(account.username(), RESET, now);
        Instant at = users.setPassword(account.username(), next);
        mailPasswordChanged(account, at);
        audit.record(account.username(), "PASSWORD_RESET", subject(account.username()), null, null,
                "by a mailed link; other sessions ended");
    }

    /**
     * Asks to change one's e-mail address (the current password required): a confirmation link goes to the new
     * address and a notice to the old one; the address changes only when the link is opened and confirmed.
     */
    @Transactional
    public void requestEmailChange(String username, String currentPassword, String newEmail) {
        UserAccount account = users.require(username);
        UserDirectory.PasswordState state = users.passwordState(username).orElseThrow(DomainException::notFound);
        List<FieldProblem> problems = new ArrayList<>();
        checkCurrent(username, currentPassword, state.hash(), problems);
        String email = newEmail == null ? "" : newEmail.strip();
        if (email.isEmpty()) {
            problems.add(new FieldProblem("newEmail", "validation.required"));
        } else if (email.length() > MAX_EMAIL || !EMAIL.matcher(email).matches()) {
            problems.add(new FieldProblem("newEmail", "validation.email"));
        } else if (email.equalsIgnoreCase(account.email() == null ? "" : account.email().strip())) {
            problems.add(new FieldProblem("newEmail", "account.email-unchanged"));
        }
        if (!problems.isEmpty()) {
            throw DomainException.invalid(problems);
        }
        Instant now = now();
        voidOpen(username, EMAIL_CHANGE, now);
        Issued issued = issue(username, EMAIL_CHANGE, email, now.plus(emailValidity));
        String link = baseUrl + "/account/email-confirmation?token=" + issued.token();
        mailer.queue("email-confirmation-" + issued.id(), email, "【科创甬江2035】确认新的电子邮箱 / Confirm your new e-mail address",
                account.displayName() + "：您好！\n\n账户 " + username + " 申请把电子邮箱改为本地址。请在 "
                        + BusinessTime.display(now.plus(emailValidity)) + "（北京时间）前打开以下链接确认；确认前账户仍使用原邮箱：\n"
                        + link + "\n\nAccount " + username + " asked to use this address. Open the link above to confirm; "
                        + "until then the account keeps its old address. If it was not you, ignore this mail.");
        if (account.email() != null && !account.email().isBlank()) {
            mailer.queue("email-change-notice-" + issued.id(), account.email(),
                    "【科创甬江2035】电子邮箱变更申请 / A change of your e-mail address was requested",
                    account.displayName() + "：您好！\n\n账户 " + username + " 申请把电子邮箱改为 " + email
                            + "，须从新邮箱确认后才生效。如果不是您本人操作，请立即修改密码并联系管理员。\n\n"
                            + "Account " + username + " asked to change its e-mail address to " + email + "; it takes "
                            + "effect only when confirmed from that address. If it was not you, change your password now "
                            + "and tell the administrator.");
        }
        audit.record(username, "EMAIL_CHANGE_REQUESTED", subject(username), null, null,
                "confirmation sent to the new address; old address notified");
    }

    /** The account and new address of an open confirmation link (for the page that asks to confirm). */
    public Optional<Map.Entry<String, String>> emailConfirmation(String token) {
        return open(token, EMAIL_CHANGE).map(t -> Map.entry(t.username(), t.newEmail()));
    }

    /** Confirms a new e-mail address with the link mailed to it; returns the new address. */
    @Transactional
    public String confirmEmail(String token) {
        OpenToken open = open(token, EMAIL_CHANGE)
                .orElseThrow(() -> DomainException.invalid("token", "error.account-token.invalid"));
        Instant now = now();
        claim(open, now);
        voidOpen(open.username(), EMAIL_CHANGE, now);
        UserAccount account = users.require(open.username());
        String old = account.email();
        users.setEmail(open.username(), open.newEmail());
        if (old != null && !old.isBlank()) {
            mailer.queue("email-changed-" + open.id(), old, "【科创甬江2035】电子邮箱已变更 / Your e-mail address was changed",
                    account.displayName() + "：您好！\n\n账户 " + open.username() + " 的电子邮箱已改为 " + open.newEmail()
                            + "，今后的通知将发往新地址。如果不是您本人操作，请立即联系管理员。\n\n"
                            + "The e-mail address of account " + open.username() + " is now " + open.newEmail()
                            + ". If it was not you, tell the administrator now.");
        }
        audit.record(open.username(), "EMAIL_CHANGED", subject(open.username()), null, null,
                "confirmed from the new address: " + Optional.ofNullable(old).orElse("") + " -> " + open.newEmail());
        return open.newEmail();
    }

    private void mailPasswordChanged(UserAccount account, Instant at) {
        if (account.email() == null || account.email().isBlank()) {
            return;
        }
        mailer.queue("password-changed-" + account.username() + "-" + at.toEpochMilli(), account.email(),
                "【科创甬江2035】您的密码已修改 / Your password was changed",
                account.displayName() + "：您好！\n\n账户 " + account.username() + " 的密码已于 " + BusinessTime.display(at)
                        + "（北京时间）修改，其他设备上的登录已全部失效。如果不是您本人操作，请立即通过“忘记密码”重设密码"
                        + "并联系管理员：\n" + baseUrl + "/password/forgot\n\n"
                        + "The password of account " + account.username() + " was changed; every other session ended. "
                        + "If it was not you, reset it now with the link above and tell the administrator.");
    }

    private record Issued(long id, String token) {
    }

    private record OpenToken(long id, String username, String newEmail) {
    }

    private Issued issue(String username, String purpose, String newEmail, Instant expires) {
        byte[] bytes = new byte[TOKEN_BYTES];
        random.nextBytes(bytes);
        String token = Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
        Timestamp now = Timestamp.from(now());
        jdbc.sql("""
                        insert into app.account_token (username, purpose, token_hash, new_email, created_at, expires_at)
                        values (?, ?, ?, ?, ?, ?)""")
                .params(username, purpose, hash(token), newEmail, now, Timestamp.from(expires)).update();
        long id = jdbc.sql("select id from app.account_token where token_hash = ?").param(hash(token))
                .query(Long.class).single();
        return new Issued(id, token);
    }

    private Optional<OpenToken> open(String token, String purpose) {
        if (token == null || token.isBlank() || token.length() > 100) {
            return Optional.empty();
        }
        return jdbc.sql("""
                        select id, username, new_email from app.account_token
                        where token_hash = ? and purpose = ? and used_at is null and expires_at > ?""")
                .params(hash(token.strip()), purpose, Timestamp.from(now()))
                .query((rs, i) -> new OpenToken(rs.getLong(1), rs.getString(2), rs.getString(3))).optional();
    }

    /** Uses a link once: of two requests with the same link, only one gets it. */
    private void claim(OpenToken token, Instant now) {
        int claimed = jdbc.sql("update app.account_token set used_at = ? where id = ? and used_at is null")
                .params(Timestamp.from(now), token.id()).update();
        if (claimed != 1) {
            throw DomainException.invalid("token", "error.account-token.invalid");
        }
    }

    private void voidOpen(String username, String purpose, Instant now) {
        jdbc.sql("update app.account_token set used_at = ? where username = ? and purpose = ? and used_at is null")
                .params(Timestamp.from(now), username, purpose).update();
    }

    /** Requests per address (the requester's IP) within a window, counted in this node's memory. */
    static final class AddressThrottle {
        private final int limit;
        private final Duration window;
        private final Clock clock;
        private final Map<String, Deque<Instant>> requests = new ConcurrentHashMap<>();

        AddressThrottle(int limit, Duration window, Clock clock) {
            this.limit = limit;
            this.window = window;
            this.clock = clock;
        }

        /** Counts a request from the address; false once it made {@code limit} requests within the window. */
        boolean allow(String address) {
            if (address == null) {
                return true;
            }
            Deque<Instant> times = requests.computeIfAbsent(address, a -> new ArrayDeque<>());
            synchronized (times) {
                Instant now = Instant.now(clock);
                while (!times.isEmpty() && !times.peekFirst().isAfter(now.minus(window))) {
                    times.pollFirst();
                }
                if (times.size() >= limit) {
                    return false;
                }
                times.addLast(now);
                return true;
            }
        }
    }

    static String hash(String token) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(token.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Instant now() {
        return Instant.now(clock);
    }

    private static String subject(String username) {
        return "USER-" + username;
    }
    /**
     * Checks the current password a user gives to change their password or address. It is a password guess like
     * a sign-in: while the sign-in throttle holds this account at this address back, it is refused unchecked (429),
     * and a wrong one counts as a failed sign-in.
     */
    private void checkCurrent(String username, String given, String hash, List<FieldProblem> problems) {
        if (given == null || given.isEmpty()) {
            problems.add(new FieldProblem("currentPassword", "validation.required"));
            return;
        }
        String address = requestAddress();
        Duration wait = guesses.delay(username, address);
        if (!wait.isZero()) {
            throw new DomainException(HttpStatus.TOO_MANY_REQUESTS, "password.current-delayed",
                    Math.max(1, (wait.toMillis() + 999) / 1000));
        }
        if (!encoder.matches(given, hash)) {
            ownTransaction.executeWithoutResult(status -> guesses.failed(username, address));
            problems.add(new FieldProblem("currentPassword", "password.current-wrong"));
        }
    }

    /** The address of the request being served, as the sign-in throttle sees it (after trusted proxies). */
    private static String requestAddress() {
        return RequestContextHolder.getRequestAttributes() instanceof ServletRequestAttributes attributes
                ? attributes.getRequest().getRemoteAddr() : null;
    }
}

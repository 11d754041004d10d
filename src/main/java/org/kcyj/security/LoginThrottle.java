package org.kcyj.security;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

import javax.sql.DataSource;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.scheduling.annotation.Scheduled;
import org.springframework.stereotype.Component;

/**
 * Slows down password guessing without letting anyone lock others out. Failed sign-ins are counted for three
 * subjects, each with a few free failures and then a wait that doubles with every further failure, up to a cap:
 * <ul>
 * <li>the account at one address (the tight limit a guesser meets first);</li>
 * <li>the account from anywhere, which does not apply at an address the account signed in from successfully
 * before, so failures elsewhere never keep the owner out of the owner's usual address;</li>
 * <li>the address for any account, high enough for the many users behind one proxy, and likewise not applied
 * to an account at an address it signed in from before.</li>
 * </ul>
 * While a wait runs, an attempt is refused without checking the password and is not counted. Counts live in
 * the database, so all nodes see the same ones; they are forgotten a while after the last failure.
 */
@Component
class LoginThrottle implements org.kcyj.identity.PasswordGuesses {
    /** The wait after a number of failures: none for the first {@code free}, then first, doubling, at most cap. */
    record Rule(int free, Duration first, Duration cap) {
        Duration waitAfter(int failures) {
            if (failures < free) {
                return Duration.ZERO;
            }
            int doublings = Math.min(failures - free, 40);
            Duration wait = first.multipliedBy(1L << Math.min(doublings, 30));
            return wait.compareTo(cap) > 0 || doublings >= 30 ? cap : wait;
        }

        /** How long from now the next attempt must wait, given the count and the time of the last failure. */
        Duration remaining(int failures, Instant lastFailure, Instant now) {
            Duration left = Duration.between(now, lastFailure.plus(waitAfter(failures)));
            return left.isNegative() ? Duration.ZERO : left;
        }
    }

    private final Clock clock;
    private final JdbcClient jdbc;
    private final Rule pair;
    private final Rule account;
    private final Rule address;
    private final Duration forgetAfter;
    private final Duration knownAddressKept;

    LoginThrottle(Clock clock, DataSource dataSource,
                  @Value("${kcyj.login.account-address.free-failures:3}") int pairFree,
                  @Value("${kcyj.login.account.free-failures:10}") int accountFree,
                  @Value("${kcyj.login.address.free-failures:100}") int addressFree,
                  @Value("${kcyj.login.first-delay:PT5S}") Duration firstDelay,
                  @Value("${kcyj.login.max-delay:PT15M}") Duration maxDelay,
                  @Value("${kcyj.login.forget-after:PT24H}") Duration forgetAfter,
                  @Value("${kcyj.login.known-address-kept:P90D}") Duration knownAddressKept) {
        this.clock = clock;
        this.jdbc = JdbcClient.create(dataSource);
        this.pair = new Rule(pairFree, firstDelay, maxDelay);
        this.account = new Rule(accountFree, firstDelay, maxDelay);
        this.address = new Rule(addressFree, firstDelay, maxDelay);
        this.forgetAfter = forgetAfter;
        this.knownAddressKept = knownAddressKept;
    }

    /** How long this account at this address must wait before its next attempt; zero if it may try now. */
    @Override
    public Duration delay(String username, String from) {
        String user = normalize(username);
        String where = from == null ? "unknown" : from;
        Instant now = clock.instant();
        Map<String, long[]> counts = counts(List.of(pairKey(user, where), accountKey(user), addressKey(where)), now);
        Duration wait = remaining(pair, counts.get(pairKey(user, where)), now);
        if (!signedInBefore(user, where, now)) {
            wait = max(wait, remaining(account, counts.get(accountKey(user)), now));
            wait = max(wait, remaining(address, counts.get(addressKey(where)), now));
        }
        return wait;
    }

    @Override
    public void failed(String username, String from) {
        String user = normalize(username);
        String where = from == null ? "unknown" : from;
        long now = clock.millis();
        for (String subject : List.of(pairKey(user, where), accountKey(user), addressKey(where))) {
            count(subject, now);
        }
    }

    void succeeded(String username, String from) {
        String user = normalize(username);
        String where = from == null ? "unknown" : from;
        long now = clock.millis();
        jdbc.sql("delete from app.login_failure where subject = ?").param(pairKey(user, where)).update();
        String name = shorten(user);
        String at = shorten(where);
        for (int attempt = 0; attempt < 3; attempt++) {
            if (jdbc.sql("update app.login_success set last_success_at = ? where username = ? and address = ?")
                    .params(now, name, at).update() > 0) {
                return;
            }
            try {
                jdbc.sql("insert into app.login_success (username, address, last_success_at) values (?, ?, ?)")
                        .params(name, at, now).update();
                return;
            } catch (DuplicateKeyException raced) {
                // another node recorded it first: update it on the next turn
            }
        }
    }

    @Override
    public void forget(String username) {
        // as stored by succeeded(), and as given (what the registration clean-up deleted before)
        jdbc.sql("delete from app.login_success where username in (?, ?)")
                .params(shorten(normalize(username)), username).update();
    }

    /** Forgets counts whose last failure is past the forgetting period, and addresses not used for long. */
    @Scheduled(fixedDelayString = "${kcyj.login.clean-up-interval:PT1H}", initialDelayString = "PT1M")
    void cleanUp() {
        long now = clock.millis();
        jdbc.sql("delete from app.login_failure where last_failure_at < ?").param(now - forgetAfter.toMillis()).update();
        jdbc.sql("delete from app.login_success where last_success_at < ?").param(now - knownAddressKept.toMillis()).update();
    }

    /** One more failure, counted in one statement so that concurrent failures on any node are all counted. */
    private void count(String subject, long now) {
        long forgotten = now - forgetAfter.toMillis();
        for (int attempt = 0; attempt < 3; attempt++) {
            int updated = jdbc.sql("update app.login_failure set failures = case when last_failure_at < ? then 1 "
                            + "else failures + 1 end, last_failure_at = ? where subject = ?")
                    .params(forgotten, now, subject).update();
            if (updated > 0) {
                return;
            }
            try {
                jdbc.sql("insert into app.login_failure (subject, failures, last_failure_at) values (?, 1, ?)")
                        .params(subject, now).update();
                return;
            } catch (DuplicateKeyException raced) {
                // another request inserted the row first: add to it on the next turn
            }
        }
    }

    private Map<String, long[]> counts(List<String> subjects, Instant now) {
        long forgotten = now.toEpochMilli() - forgetAfter.toMillis();
        return jdbc.sql("select subject, failures, last_failure_at from app.login_failure "
                        + "where subject in (?, ?, ?) and last_failure_at >= ?")
                .params(subjects.get(0), subjects.get(1), subjects.get(2), forgotten)
                .query((rs, n) -> Map.entry(rs.getString(1), new long[] {rs.getInt(2), rs.getLong(3)}))
                .list().stream().collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a));
    }

    private boolean signedInBefore(String user, String where, Instant now) {
        return jdbc.sql("select count(*) from app.login_success where username = ? and address = ? and last_success_at >= ?")
                .params(shorten(user), shorten(where), now.toEpochMilli() - knownAddressKept.toMillis())
                .query(Integer.class).single() > 0;
    }

    private static Duration remaining(Rule rule, long[] count, Instant now) {
        return count == null ? Duration.ZERO : rule.remaining((int) count[0], Instant.ofEpochMilli(count[1]), now);
    }

    private static Duration max(Duration a, Duration b) {
        return a.compareTo(b) >= 0 ? a : b;
    }

    private static String pairKey(String user, String where) {
        return shorten("pair:" + user + "@" + where);
    }

    private static String accountKey(String user) {
        return shorten("account:" + user);
    }

    private static String addressKey(String where) {
        return shorten("address:" + where);
    }

    /** Keys of any length fit the column: a long one is replaced by its SHA-256. */
    private static String shorten(String key) {
        if (key.length() <= 200) {
            return key;
        }
        try {
            return "sha256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static String normalize(String username) {
        return username == null ? "" : username.trim().toLowerCase(Locale.ROOT);
    }
}

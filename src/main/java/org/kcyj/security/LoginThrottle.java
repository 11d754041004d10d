package org.kcyj.security;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Counts failed sign-ins per account and per address within a window; past the limit, further
 * attempts are refused until the window has passed, even with the right password. Counters live in
 * this node's memory.
 */
@Component
class LoginThrottle {
    private final Clock clock;
    private final int perAccount;
    private final int perAddress;
    private final Duration window;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    LoginThrottle(Clock clock, @Value("${kcyj.login.max-failures-per-account:5}") int perAccount,
                  @Value("${kcyj.login.max-failures-per-address:20}") int perAddress,
                  @Value("${kcyj.login.lock-minutes:15}") int lockMinutes) {
        this.clock = clock;
        this.perAccount = perAccount;
        this.perAddress = perAddress;
        this.window = Duration.ofMinutes(lockMinutes);
    }

    boolean blocked(String username, String address) {
        return recent("user:" + normalize(username)) >= perAccount
                || (address != null && recent("addr:" + address) >= perAddress);
    }

    void failed(String username, String address) {
        add("user:" + normalize(username));
        if (address != null) {
            add("addr:" + address);
        }
    }

    void succeeded(String username) {
        failures.remove("user:" + normalize(username));
    }

    private int recent(String key) {
        Deque<Instant> times = failures.get(key);
        if (times == null) {
            return 0;
        }
        synchronized (times) {
            Instant horizon = Instant.now(clock).minus(window);
            while (!times.isEmpty() && times.peekFirst().isBefore(horizon)) {
                times.pollFirst();
            }
            return times.size();
        }
    }

    private void add(String key) {
        Deque<Instant> times = failures.computeIfAbsent(key, k -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(Instant.now(clock));
            while (times.size() > Math.max(perAccount, perAddress) + 1) {
                times.pollFirst();
            }
        }
    }

    private static String normalize(String username) {
        return username == null ? "" : username.trim().toLowerCase(java.util.Locale.ROOT);
    }
}

package org.kcyj.document;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Limits check-code guessing on the public verification page: an address whose look-ups with a code
 * answered "not found" {@code kcyj.verify.max-failures-per-address} times (30 by default) within
 * {@code kcyj.verify.lock-minutes} (15) is refused further look-ups with a code until the window has passed.
 * The codes' 50 random bits already make guessing hopeless (at the limit one address needs about
 * 5 × 10^8 years on average to hit one document's code); the limit keeps a scanner from loading the database. Look-ups by number alone (public
 * documents) and uploads are not counted. Counters live in this node's memory.
 */
@Component
class VerificationThrottle {
    private static final int MAX_ADDRESSES = 100_000;

    private final Clock clock;
    private final int perAddress;
    private final Duration window;
    private final Map<String, Deque<Instant>> failures = new ConcurrentHashMap<>();

    VerificationThrottle(ObjectProvider<Clock> clock,
                         @Value("${kcyj.verify.max-failures-per-address:30}") int perAddress,
                         @Value("${kcyj.verify.lock-minutes:15}") int lockMinutes) {
        this.clock = clock.getIfAvailable(Clock::systemUTC);
        this.perAddress = perAddress;
        this.window = Duration.ofMinutes(lockMinutes);
    }

    boolean blocked(String address) {
        Deque<Instant> times = failures.get(key(address));
        if (times == null) {
            return false;
        }
        synchronized (times) {
            prune(times);
            return times.size() >= perAddress;
        }
    }

    void failed(String address) {
        if (failures.size() >= MAX_ADDRESSES) {
            failures.values().removeIf(times -> {
                synchronized (times) {
                    prune(times);
                    return times.isEmpty();
                }
            });
        }
        Deque<Instant> times = failures.computeIfAbsent(key(address), k -> new ArrayDeque<>());
        synchronized (times) {
            times.addLast(Instant.now(clock));
            while (times.size() > perAddress + 1) {
                times.pollFirst();
            }
        }
    }

    private void prune(Deque<Instant> times) {
        Instant horizon = Instant.now(clock).minus(window);
        while (!times.isEmpty() && times.peekFirst().isBefore(horizon)) {
            times.pollFirst();
        }
    }

    private static String key(String address) {
        return address == null ? "" : address;
    }
}

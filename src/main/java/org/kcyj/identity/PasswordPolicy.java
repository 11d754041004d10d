package org.kcyj.identity;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import org.kcyj.shared.FieldProblem;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * The rules for a new password, after NIST SP 800-63B (revision 4, 2025), section 3.1.1.2 "Password Verifiers":
 * a password used as a single-factor authenticator SHALL be at least 15 characters long
 * ({@code kcyj.password.min-length}), and at least 64 characters SHOULD be permitted (we permit
 * {@code kcyj.password.max-length}, 128 by default); every Unicode character is accepted, normalised to NFKC and
 * counted by code point; there are no composition rules and no periodic expiry; a password found in a list of
 * commonly used or breached passwords (the bundled {@code passwords/common-passwords.txt}, compared
 * case-insensitively) or equal to the account's context (user name, display name, e-mail address or its local
 * part) is refused.
 */
@Component
class PasswordPolicy {
    static final String LIST = "passwords/common-passwords.txt";
    private final int minLength;
    private final int maxLength;
    private final Set<String> common;

    PasswordPolicy(@Value("${kcyj.password.min-length:15}") int minLength,
                   @Value("${kcyj.password.max-length:128}") int maxLength) {
        if (minLength < 8 || maxLength < 64 || maxLength < minLength) {
            throw new IllegalArgumentException("kcyj.password.min-length must be at least 8 and max-length at least 64");
        }
        this.minLength = minLength;
        this.maxLength = maxLength;
        this.common = load();
    }

    public int minLength() {
        return minLength;
    }

    public int maxLength() {
        return maxLength;
    }

    /** How many passwords the bundled list holds. */
    int commonPasswords() {
        return common.size();
    }

    /** The problems of a new password for this account (field {@code field}); empty when it is acceptable. */
    public List<FieldProblem> check(String field, String password, String username, String displayName, String email) {
        List<FieldProblem> problems = new ArrayList<>();
        if (password == null || password.isEmpty()) {
            problems.add(new FieldProblem(field, "validation.required"));
            return problems;
        }
        String normalised = PasswordHashing.normalise(password);
        int length = normalised.codePointCount(0, normalised.length());
        if (length < minLength) {
            problems.add(new FieldProblem(field, "password.too-short", minLength));
        } else if (length > maxLength) {
            problems.add(new FieldProblem(field, "password.too-long", maxLength));
        }
        String folded = fold(normalised);
        if (common.contains(folded)) {
            problems.add(new FieldProblem(field, "password.common"));
        }
        if (personal(folded, username, displayName, email)) {
            problems.add(new FieldProblem(field, "password.personal"));
        }
        return problems;
    }

    private static boolean personal(String folded, String username, String displayName, String email) {
        List<String> context = new ArrayList<>();
        context.add(username);
        context.add(displayName);
        context.add(email);
        if (email != null && email.indexOf('@') > 0) {
            context.add(email.substring(0, email.indexOf('@')));
        }
        return context.stream().filter(c -> c != null && !c.isBlank())
                .anyMatch(c -> fold(PasswordHashing.normalise(c.strip())).equals(folded));
    }

    private static String fold(String text) {
        return text.toLowerCase(Locale.ROOT);
    }

    private static Set<String> load() {
        Set<String> passwords = new HashSet<>(40_000);
        try (InputStream in = PasswordPolicy.class.getClassLoader().getResourceAsStream(LIST)) {
            if (in == null) {
                throw new IllegalStateException("Missing resource " + LIST);
            }
            BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
            for (String line = reader.readLine(); line != null; line = reader.readLine()) {
                if (!line.isBlank()) {
                    passwords.add(fold(PasswordHashing.normalise(line.strip())));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return Set.copyOf(passwords);
    }
}

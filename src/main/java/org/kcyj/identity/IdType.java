package org.kcyj.identity;

import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

import org.kcyj.shared.ResidentIdNumber;

/**
 * The identity documents a person registers with (docs/accounts.md): the resident ID card, whose check digit is
 * verified, and the documents of people from Hong Kong, Macao, Taiwan and abroad, checked by their format.
 */
enum IdType {
    /** 居民身份证: 18 characters, the last a check digit (GB 11643). */
    RESIDENT_ID(null),
    /** 港澳居民来往内地通行证: H or M and 8 or 10 digits. */
    HK_MACAO_PERMIT(Pattern.compile("[HM][0-9]{8}([0-9]{2})?")),
    /** 台湾居民来往大陆通行证: 8 digits (10 with the issue count). */
    TAIWAN_PERMIT(Pattern.compile("[0-9]{8}([0-9]{2})?")),
    /** 护照 (any country): 5 to 17 letters and digits. */
    PASSPORT(Pattern.compile("[A-Z0-9]{5,17}"));

    private final Pattern format;

    IdType(Pattern format) {
        this.format = format;
    }

    /** The number as stored and compared: trimmed, upper case, half-width. */
    public String normalise(String raw) {
        if (this == RESIDENT_ID) {
            return ResidentIdNumber.normalise(raw);
        }
        return java.text.Normalizer.normalize(raw == null ? "" : raw, java.text.Normalizer.Form.NFKC)
                .replaceAll("\\s+", "").toUpperCase(Locale.ROOT);
    }

    /** The message code of what is wrong with the number, if anything. */
    public Optional<String> problem(String raw, LocalDate today) {
        if (this == RESIDENT_ID) {
            return ResidentIdNumber.check(raw, today).map(ResidentIdNumber.Problem::code);
        }
        String value = normalise(raw);
        return format.matcher(value).matches() ? Optional.empty() : Optional.of("id-number.format");
    }

    /** The number as shown: its first and last characters only. */
    public String mask(String normalised) {
        if (normalised.length() <= 4) {
            return "*".repeat(normalised.length());
        }
        int keepStart = this == RESIDENT_ID ? 3 : 1;
        int keepEnd = this == RESIDENT_ID ? 4 : 2;
        return normalised.substring(0, keepStart) + "*".repeat(normalised.length() - keepStart - keepEnd)
                + normalised.substring(normalised.length() - keepEnd);
    }

    public static Optional<IdType> parse(String raw) {
        if (raw == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(valueOf(raw.strip().toUpperCase(Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}

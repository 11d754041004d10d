package org.kcyj.shared;

import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/** The programme's official time zone (Asia/Shanghai): deadlines are read and shown in it. */
public final class BusinessTime {
    public static final ZoneId ZONE = ZoneId.of("Asia/Shanghai");
    private static final DateTimeFormatter DISPLAY = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm");

    private BusinessTime() {
    }

    /** Parses an ISO date-time with an offset, or a local one read as Asia/Shanghai. */
    public static Optional<Instant> parseInstant(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        String value = text.trim();
        try {
            return Optional.of(OffsetDateTime.parse(value).toInstant());
        } catch (DateTimeParseException notOffset) {
            try {
                return Optional.of(LocalDateTime.parse(value).atZone(ZONE).toInstant());
            } catch (DateTimeParseException notLocal) {
                return Optional.empty();
            }
        }
    }

    public static Optional<LocalDate> parseDate(String text) {
        if (text == null || text.isBlank()) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDate.parse(text.trim()));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    public static String display(Instant instant) {
        return instant == null ? "" : DISPLAY.format(instant.atZone(ZONE));
    }

    public static ZonedDateTime zoned(Instant instant) {
        return instant.atZone(ZONE);
    }
}

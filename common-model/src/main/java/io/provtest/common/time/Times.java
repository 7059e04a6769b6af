package io.provtest.common.time;

import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;

/** The one time format on the wire: ISO 8601 UTC with exactly six fractional digits. */
public final class Times {

    private static final DateTimeFormatter FORMAT =
            DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'").withZone(ZoneOffset.UTC);

    private Times() {
    }

    /** Now, at the precision PostgreSQL keeps, so a value read back equals the value written. */
    public static Instant now() {
        return Instant.now().truncatedTo(ChronoUnit.MICROS);
    }

    /**
     * Written digit by digit: every record, event and answer carries a few of these, and the formatter above, on this
     * JDK, made a new {@code ZoneRules} and went through {@code BigDecimal} for the fraction on every call (5 % of
     * call-manager's allocation at 300 calls/s, bench/README.md, "What call-manager allocates per call"). The same
     * text as {@code FORMAT}, which still writes the years outside 0-9999 (test: {@code TimesTest}).
     */
    public static String format(Instant instant) {
        if (instant == null) {
            return null;
        }
        LocalDateTime t = LocalDateTime.ofEpochSecond(instant.getEpochSecond(), instant.getNano(), ZoneOffset.UTC);
        int year = t.getYear();
        if (year < 0 || year > 9999) {
            return FORMAT.format(instant);
        }
        char[] text = new char[27]; // uuuu-MM-ddTHH:mm:ss.SSSSSSZ
        digits(text, 0, year, 4);
        text[4] = '-';
        digits(text, 5, t.getMonthValue(), 2);
        text[7] = '-';
        digits(text, 8, t.getDayOfMonth(), 2);
        text[10] = 'T';
        digits(text, 11, t.getHour(), 2);
        text[13] = ':';
        digits(text, 14, t.getMinute(), 2);
        text[16] = ':';
        digits(text, 17, t.getSecond(), 2);
        text[19] = '.';
        digits(text, 20, t.getNano() / 1000, 6); // truncated to microseconds, as the pattern's six S
        text[26] = 'Z';
        return new String(text);
    }

    private static void digits(char[] text, int at, int value, int width) {
        for (int i = at + width - 1; i >= at; i--) {
            text[i] = (char) ('0' + value % 10);
            value /= 10;
        }
    }

    /** An instant as the reactive PostgreSQL client binds a {@code timestamptz}; null stays null. */
    public static OffsetDateTime utc(Instant at) {
        return at == null ? null : at.atOffset(ZoneOffset.UTC);
    }

    /** A {@code timestamptz} as the reactive PostgreSQL client reads it, as an instant; null stays null. */
    public static Instant instant(OffsetDateTime at) {
        return at == null ? null : at.toInstant();
    }

    public static Instant parse(String text) {
        try {
            return Instant.parse(text).truncatedTo(ChronoUnit.MICROS);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an ISO 8601 UTC time: " + text, e);
        }
    }
}

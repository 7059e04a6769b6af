package io.provtest.common.time;

import java.time.Instant;
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

    public static String format(Instant instant) {
        return instant == null ? null : FORMAT.format(instant);
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

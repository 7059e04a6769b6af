package io.provtest.common.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.provtest.common.json.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class TimesTest {

    @Test
    void alwaysSixFractionalDigitsInUtc() {
        assertEquals("2026-04-21T23:15:00.100000Z", Times.format(Instant.parse("2026-04-21T23:15:00.1Z")));
        assertEquals("2026-04-21T23:15:00.000000Z", Times.format(Instant.parse("2026-04-21T23:15:00Z")));
    }

    @Test
    void writesWhatTheWirePatternWritesForAnyInstant() {
        DateTimeFormatter pattern = DateTimeFormatter.ofPattern("uuuu-MM-dd'T'HH:mm:ss.SSSSSS'Z'")
                .withZone(ZoneOffset.UTC);
        SplittableRandom random = new SplittableRandom(20261207);
        // 1900-2300 at random nanoseconds, then the edges: the epoch, leap days, the last nanosecond of a year, and
        // years the four digits cannot hold (written by the pattern itself)
        for (int i = 0; i < 200_000; i++) {
            Instant at = Instant.ofEpochSecond(random.nextLong(-2_208_988_800L, 10_413_792_000L),
                    random.nextInt(1_000_000_000));
            assertEquals(pattern.format(at), Times.format(at), at::toString);
        }
        for (String edge : new String[] {"1970-01-01T00:00:00Z", "2024-02-29T23:59:59.999999999Z",
                "1999-12-31T23:59:59.999999999Z", "0000-01-01T00:00:00Z", "9999-12-31T23:59:59.999999Z",
                "+10000-01-01T00:00:00.000001Z", "-0001-06-30T12:00:00Z", "2026-12-07T19:45:00.000000999Z"}) {
            Instant at = Instant.parse(edge);
            assertEquals(pattern.format(at), Times.format(at), edge);
        }
    }

    @Test
    void aTimestamptzIsBoundInUtcAndReadBackAsTheSameInstant() {
        Instant at = Instant.parse("2026-12-04T14:10:00.123456Z");
        OffsetDateTime bound = Times.utc(at);
        assertEquals(ZoneOffset.UTC, bound.getOffset());
        assertEquals(at, bound.toInstant());
        assertEquals(at, Times.instant(OffsetDateTime.parse("2026-12-04T16:10:00.123456+02:00")));
        assertNull(Times.utc(null));
        assertNull(Times.instant(null));
    }

    @Test
    void jsonUsesTheWireFormatAndSnakeCase() throws Exception {
        record Thing(Instant tmCreate, Instant tmDelete) { }
        String json = Json.MAPPER.writeValueAsString(new Thing(Instant.parse("2026-01-02T03:04:05.123456789Z"), null));
        assertEquals("{\"tm_create\":\"2026-01-02T03:04:05.123456Z\",\"tm_delete\":null}", json);
    }
}

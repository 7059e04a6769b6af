package io.provtest.common.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.provtest.common.json.Json;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;

class TimesTest {

    @Test
    void alwaysSixFractionalDigitsInUtc() {
        assertEquals("2026-04-21T23:15:00.100000Z", Times.format(Instant.parse("2026-04-21T23:15:00.1Z")));
        assertEquals("2026-04-21T23:15:00.000000Z", Times.format(Instant.parse("2026-04-21T23:15:00Z")));
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

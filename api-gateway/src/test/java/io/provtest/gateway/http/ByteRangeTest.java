package io.provtest.gateway.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.provtest.common.error.ServiceException;
import org.junit.jupiter.api.Test;

class ByteRangeTest {

    @Test
    void aClosedRangeIsClippedToTheBody() {
        assertEquals(new ByteRange(0, 43), ByteRange.parse("bytes=0-43", 1000));
        assertEquals(new ByteRange(900, 999), ByteRange.parse("bytes=900-5000", 1000));
        assertEquals(44, ByteRange.parse("bytes=0-43", 1000).length());
    }

    @Test
    void openAndSuffixRanges() {
        assertEquals(new ByteRange(500, 999), ByteRange.parse("bytes=500-", 1000));
        assertEquals(new ByteRange(900, 999), ByteRange.parse("bytes=-100", 1000));
        assertEquals(new ByteRange(0, 999), ByteRange.parse("bytes=-5000", 1000));
    }

    @Test
    void whatThisServerDoesNotUseMeansTheWholeBody() {
        assertNull(ByteRange.parse(null, 1000));
        assertNull(ByteRange.parse("items=0-1", 1000));
        assertNull(ByteRange.parse("bytes=0-1,5-9", 1000));
        assertNull(ByteRange.parse("bytes=9-1", 1000));
        assertNull(ByteRange.parse("bytes=a-b", 1000));
    }

    @Test
    void aRangePastTheEndIs416() {
        ServiceException e = assertThrows(ServiceException.class, () -> ByteRange.parse("bytes=1000-", 1000));
        assertEquals(416, e.httpStatus());
        assertEquals("RANGE_NOT_SATISFIABLE", e.error().reason());
        assertThrows(ServiceException.class, () -> ByteRange.parse("bytes=-0", 1000));
    }
}

package io.provtest.common.page;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.provtest.common.error.ServiceException;
import io.provtest.common.time.Times;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PageTokenTest {

    @Test
    void roundTripsTimeAndId() {
        PageToken token = new PageToken(Times.parse("2026-04-21T23:15:00.123456Z"), UUID.randomUUID());
        assertEquals(token, PageToken.decode(token.encode()));
    }

    @Test
    void emptyTokenMeansFirstPageAndGarbageIs400() {
        assertNull(PageToken.decode(""));
        assertNull(PageToken.decode(null));
        ServiceException e = assertThrows(ServiceException.class, () -> PageToken.decode("not-a-token"));
        assertEquals("INVALID_PAGE_TOKEN", e.error().reason());
    }

    @Test
    void pageSizeIsClampedNeverRejected() {
        assertEquals(100, PageToken.clampPageSize((Integer) null));
        assertEquals(100, PageToken.clampPageSize(0));
        assertEquals(100, PageToken.clampPageSize(-3));
        assertEquals(100, PageToken.clampPageSize(1000));
        assertEquals(7, PageToken.clampPageSize("7"));
        assertEquals(100, PageToken.clampPageSize("99999999999"));
        assertEquals(100, PageToken.clampPageSize(" "));
        for (String notAnInteger : new String[] {"seven", "1.5", "7x", "1e2", "999999999999999999999"}) {
            ServiceException e = assertThrows(ServiceException.class, () -> PageToken.clampPageSize(notAnInteger));
            assertEquals("page_size", e.error().details().get(0).field(), notAnInteger);
        }
    }

    @Test
    void pageTokenIsEmptyOnlyAfterTheLastPage() {
        record Row(Instant t, UUID id) { }
        List<Row> rows = List.of(new Row(Times.now(), UUID.randomUUID()), new Row(Times.now(), UUID.randomUUID()),
                new Row(Times.now(), UUID.randomUUID()));
        Page<Row> full = Page.of(rows, 2, Row::t, Row::id);
        assertEquals(2, full.result().size());
        assertEquals(new PageToken(rows.get(1).t(), rows.get(1).id()), PageToken.decode(full.nextPageToken()));
        assertEquals("", Page.of(rows, 3, Row::t, Row::id).nextPageToken());
    }
}

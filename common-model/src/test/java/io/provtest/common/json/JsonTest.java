package io.provtest.common.json;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.UncheckedIOException;
import org.junit.jupiter.api.Test;

class JsonTest {

    @Test
    void parseReadsAStoredColumnsTextAsATree() {
        assertEquals(12, Json.parse("{\"packets_sent\": 12, \"early\": {\"speech\": true}}").path("packets_sent").asInt());
        assertEquals(3, Json.parse("[1, 2, 3]").size());
    }

    @Test
    void parseOfNullIsNullAndOfBrokenTextFails() {
        assertNull(Json.parse(null));
        assertThrows(UncheckedIOException.class, () -> Json.parse("{\"unclosed\": "));
    }
}

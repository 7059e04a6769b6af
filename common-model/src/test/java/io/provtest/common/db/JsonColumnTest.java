package io.provtest.common.db;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.model.Address;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** The jsonb converters read what they wrote, through the one reader each makes for its type. */
class JsonColumnTest {

    @Test
    void aTopLevelArrayOfWireTypesReadsBackAsTheList() {
        WireColumns.Addresses column = new WireColumns.Addresses();
        List<Address> addresses = List.of(new Address("tel", "+821012345678", "", "", ""),
                new Address("sip", "alice@example.com", "Alice", "", ""));
        String text = column.convertToDatabaseColumn(addresses);
        assertTrue(text.startsWith("[{\"type\":\"tel\""), text);
        assertEquals(addresses, column.convertToEntityAttribute(text));
    }

    @Test
    void anObjectKeepsItsStoredOrderAndEachColumnItsOwnType() {
        WireColumns.Fields fields = new WireColumns.Fields();
        Map<String, Object> read = fields.convertToEntityAttribute("{\"z\":1,\"a\":{\"b\":[true]},\"m\":\"x\"}");
        assertEquals(List.of("z", "a", "m"), List.copyOf(read.keySet()));
        assertEquals(Map.of("b", List.of(true)), read.get("a"));

        // two converters of different types side by side: each reads with its own type, not the other's
        UUID id = UUID.randomUUID();
        assertEquals(List.of(id), new WireColumns.Ids().convertToEntityAttribute("[\"" + id + "\"]"));
        assertEquals("x", new WireColumns.Tree().convertToEntityAttribute("{\"m\":\"x\"}").path("m").asText());
    }

    @Test
    void aNullColumnIsNullAndAnUnreadableOneSaysSo() {
        assertNull(new WireColumns.Tree().convertToEntityAttribute(null));
        // a stored JSON null: a tree's null node (as MAPPER.readValue gave), no list
        assertTrue(new WireColumns.Tree().convertToEntityAttribute("null").isNull());
        assertNull(new WireColumns.Addresses().convertToEntityAttribute("null"));
        assertNull(new WireColumns.Tree().convertToDatabaseColumn(null));
        IllegalStateException e = assertThrows(IllegalStateException.class,
                () -> new WireColumns.Addresses().convertToEntityAttribute("{not json"));
        assertTrue(e.getMessage().startsWith("a stored JSON value is unreadable"), e.getMessage());
    }
}

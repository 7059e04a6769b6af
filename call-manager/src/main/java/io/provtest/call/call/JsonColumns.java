package io.provtest.call.call;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.db.JsonColumn;
import io.provtest.common.model.Address;
import jakarta.persistence.Converter;
import java.util.List;
import java.util.Map;

/** The jsonb columns of call-manager's tables (see {@link JsonColumn} for why they go through text). */
public final class JsonColumns {

    /** The schema the tables live in: native SQL and formulas name it, whatever the connection's search_path. */
    public static final String SCHEMA = "call_manager";

    private JsonColumns() {
    }

    @Converter
    public static class AddressColumn extends JsonColumn<Address> {
        public AddressColumn() {
            super(new TypeReference<>() { });
        }
    }

    @Converter
    public static class AddressesColumn extends JsonColumn<List<Address>> {
        public AddressesColumn() {
            super(new TypeReference<>() { });
        }
    }

    @Converter
    public static class MapColumn extends JsonColumn<Map<String, Object>> {
        public MapColumn() {
            super(new TypeReference<>() { }); // Jackson reads a Map as a LinkedHashMap: the stored order stays
        }
    }

    @Converter
    public static class TreeColumn extends JsonColumn<JsonNode> {
        public TreeColumn() {
            super(new TypeReference<>() { });
        }
    }

    @Converter
    public static class DialroutesColumn extends JsonColumn<List<Call.Dialroute>> {
        public DialroutesColumn() {
            super(new TypeReference<>() { });
        }
    }
}

package io.provtest.common.db;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.model.Address;
import jakarta.persistence.Converter;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * jsonb columns of the shared wire types, for every service's entities ({@code @Convert(converter =
 * WireColumns.Addresses.class)} with {@link JsonColumn#JSONB_WRITE}). Columns of a service's own types keep their
 * converter beside the entity.
 */
public final class WireColumns {

    private WireColumns() {
    }

    @Converter
    public static class AddressOne extends JsonColumn<Address> {
        public AddressOne() {
            super(new TypeReference<>() { });
        }
    }

    @Converter
    public static class Addresses extends JsonColumn<List<Address>> {
        public Addresses() {
            super(new TypeReference<>() { });
        }
    }

    @Converter
    public static class Ids extends JsonColumn<List<UUID>> {
        public Ids() {
            super(new TypeReference<>() { });
        }
    }

    @Converter
    public static class Strings extends JsonColumn<List<String>> {
        public Strings() {
            super(new TypeReference<>() { });
        }
    }

    /** A JSON object; Jackson reads it as a LinkedHashMap, so the stored order stays. */
    @Converter
    public static class Fields extends JsonColumn<Map<String, Object>> {
        public Fields() {
            super(new TypeReference<>() { });
        }
    }

    @Converter
    public static class Tree extends JsonColumn<JsonNode> {
        public Tree() {
            super(new TypeReference<>() { });
        }
    }
}

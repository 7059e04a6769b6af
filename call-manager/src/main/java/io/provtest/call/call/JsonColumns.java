package io.provtest.call.call;

import com.fasterxml.jackson.core.type.TypeReference;
import io.provtest.common.db.JsonColumn;
import jakarta.persistence.Converter;
import java.util.List;

/**
 * call-manager's own jsonb column types (shared wire types are common-model's {@code WireColumns}; see
 * {@link JsonColumn} for why they go through text), and the schema its native SQL names.
 */
public final class JsonColumns {

    /** The schema the tables live in: native SQL and formulas name it, whatever the connection's search_path. */
    public static final String SCHEMA = "call_manager";

    private JsonColumns() {
    }





    @Converter
    public static class DialroutesColumn extends JsonColumn<List<Call.Dialroute>> {
        public DialroutesColumn() {
            super(new TypeReference<>() { });
        }
    }
}

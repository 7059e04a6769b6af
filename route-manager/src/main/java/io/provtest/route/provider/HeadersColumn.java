package io.provtest.route.provider;

import com.fasterxml.jackson.core.type.TypeReference;
import io.provtest.common.db.JsonColumn;
import jakarta.persistence.Converter;
import java.util.Map;

/** A provider's custom SIP headers (name → value) in a jsonb column. */
@Converter
public class HeadersColumn extends JsonColumn<Map<String, String>> {

    public HeadersColumn() {
        super(new TypeReference<>() { });
    }
}

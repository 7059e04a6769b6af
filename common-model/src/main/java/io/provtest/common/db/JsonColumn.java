package io.provtest.common.db;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectReader;
import io.provtest.common.json.Json;
import jakarta.persistence.AttributeConverter;
import java.nio.charset.StandardCharsets;

/**
 * A jsonb column read and written as text with the wire's own JSON conventions ({@link Json#MAPPER}).
 *
 * <p>Why not {@code @JdbcTypeCode(SqlTypes.JSON)}: Hibernate Reactive binds JSON through Vert.x's JsonObject, which
 * cannot hold a top-level array (a flow's actions, a call's addresses are arrays). So the attribute converts to text
 * here and the column carries {@code @ColumnTransformer(read = "cast(col as text)", write = JSONB_WRITE)}.
 */
public abstract class JsonColumn<T> implements AttributeConverter<T, String> {

    /** The write expression of a jsonb column mapped through a {@link JsonColumn}. */
    public static final String JSONB_WRITE = "cast(cast(? as text) as jsonb)";

    /** The same for a json column, which keeps the text as written (call-manager's outbox: relayed as it is). */
    public static final String JSON_WRITE = "cast(cast(? as text) as json)";

    /**
     * The same for a statement on the reactive client: its numbered parameter {@code $position}, bound as the
     * converter's text (a String bound to jsonb itself would be stored as a JSON string, not the value).
     */
    public static String jsonbParameter(int position) {
        return "cast(cast($" + position + " as text) as jsonb)";
    }

    /**
     * The reader of this column's type, made once: {@code MAPPER.readValue(text, type)} resolved the generic type and
     * looked its deserializer up again for every value read, 14 of the 50 samples in these converters in a profile of
     * call-manager answering reads of its calls (bench/README.md, "A call's GET without the dirty-checking copy").
     */
    private final ObjectReader reader;

    protected JsonColumn(TypeReference<T> type) {
        this.reader = Json.MAPPER.readerFor(type);
    }

    @Override
    public String convertToDatabaseColumn(T value) {
        return value == null ? null : new String(Json.bytes(value), StandardCharsets.UTF_8);
    }

    @Override
    public T convertToEntityAttribute(String text) {
        if (text == null) {
            return null;
        }
        try {
            return reader.readValue(text);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored JSON value is unreadable: " + e.getOriginalMessage(), e);
        }
    }
}

package io.provtest.route.number;

import com.fasterxml.jackson.core.type.TypeReference;
import io.provtest.common.db.JsonColumn;
import jakarta.persistence.Converter;
import java.util.List;

/** A jsonb array of strings ({@code allowed_countries}, {@code denied_prefixes}). */
@Converter
public class StringListColumn extends JsonColumn<List<String>> {

    public StringListColumn() {
        super(new TypeReference<>() {
        });
    }
}

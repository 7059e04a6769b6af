package io.provtest.route.providercall;

import com.fasterxml.jackson.core.type.TypeReference;
import io.provtest.common.db.JsonColumn;
import jakarta.persistence.Converter;
import java.util.List;

/** The jsonb column types of {@code providercall} that are route-manager's own (shared ones: WireColumns). */
final class ProviderCallColumns {

    private ProviderCallColumns() {
    }




    @Converter
    public static class OutcomesColumn extends JsonColumn<List<ProviderCall.Outcome>> {
        public OutcomesColumn() {
            super(new TypeReference<>() { });
        }
    }

}

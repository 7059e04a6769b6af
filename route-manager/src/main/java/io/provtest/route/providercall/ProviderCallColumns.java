package io.provtest.route.providercall;

import com.fasterxml.jackson.core.type.TypeReference;
import io.provtest.common.db.JsonColumn;
import io.provtest.common.model.Address;
import jakarta.persistence.Converter;
import java.util.List;
import java.util.UUID;

/** The jsonb columns of {@code providercall}, each read and written with the wire's JSON conventions. */
final class ProviderCallColumns {

    private ProviderCallColumns() {
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
    public static class IdsColumn extends JsonColumn<List<UUID>> {
        public IdsColumn() {
            super(new TypeReference<>() { });
        }
    }

    @Converter
    public static class OutcomesColumn extends JsonColumn<List<ProviderCall.Outcome>> {
        public OutcomesColumn() {
            super(new TypeReference<>() { });
        }
    }

    @Converter
    public static class StringsColumn extends JsonColumn<List<String>> {
        public StringsColumn() {
            super(new TypeReference<>() { });
        }
    }
}

package io.provtest.gateway.identity;

import com.fasterxml.jackson.core.type.TypeReference;
import io.provtest.common.db.JsonColumn;
import io.provtest.common.model.Address;
import jakarta.persistence.Converter;
import java.util.List;

/** An agent's addresses in a jsonb column (a top-level array). */
@Converter
public class AddressesColumn extends JsonColumn<List<Address>> {

    public AddressesColumn() {
        super(new TypeReference<>() { });
    }
}

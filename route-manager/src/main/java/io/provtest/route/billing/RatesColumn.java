package io.provtest.route.billing;

import com.fasterxml.jackson.core.type.TypeReference;
import io.provtest.common.db.JsonColumn;
import jakarta.persistence.Converter;
import java.util.List;

/** {@code rate_plan.rates}, a jsonb array of {prefix, per_minute}. */
@Converter
public class RatesColumn extends JsonColumn<List<BillingRules.Rate>> {

    public RatesColumn() {
        super(new TypeReference<>() {
        });
    }
}

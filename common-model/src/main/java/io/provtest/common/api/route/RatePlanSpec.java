package io.provtest.common.api.route;

import java.math.BigDecimal;
import java.util.List;

/**
 * {@code POST /v1/rate_plans} and {@code PUT /v1/rate_plans/{id}}: a whole rate plan. route-manager validates it
 * (name, increment 1 to 3600 s, 60 when absent; connection fee ≥ 0, 0 when absent; each rate's prefix and price) and
 * answers one 400 naming every bad field.
 */
public record RatePlanSpec(String name, Integer incrementSeconds, BigDecimal connectionFee, List<Rate> rates) {

    /** One price per minute for destinations starting with {@code prefix} ("+82", or "sip:" for sip ones). */
    public record Rate(String prefix, BigDecimal perMinute) {
    }
}

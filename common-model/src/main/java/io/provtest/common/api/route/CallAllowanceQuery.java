package io.provtest.common.api.route;

import io.provtest.common.model.Address;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /v1/billing/allowance}: an answered call ({@code tm_progressing} is its answer) and the customer's other
 * live answered calls, judged at the moment route-manager reads the balance.
 */
public record CallAllowanceQuery(UUID customerId, UUID callId, Address destination, Instant tmProgressing,
                                 List<LiveCall> others) {

    public CallAllowanceQuery {
        others = others == null ? List.of() : List.copyOf(others);
    }

    /** Another answered call of the customer still up: where it goes and when it was answered. */
    public record LiveCall(Address destination, Instant tmProgressing) {
    }
}

package io.provtest.route.providercall;

import com.fasterxml.jackson.annotation.JsonIgnore;
import io.provtest.common.model.Address;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * The audit record of one forced test call request. {@code outcomes} says, per destination, which call it became
 * or why it did not, so a partial failure is visible; {@code status} is {@code created}, or {@code failed} when the
 * outcome could not be fully learned.
 */
public record ProviderCall(UUID id, UUID customerId, UUID providerId, UUID flowId, Address source,
                           List<Address> destinations, String anonymous, List<UUID> callIds, List<UUID> groupcallIds,
                           List<Outcome> outcomes, List<String> warnings, UUID createdBy, String status,
                           Instant tmCreate, Instant tmUpdate, Instant tmDelete,
                           @JsonIgnore UUID tempFlowId, @JsonIgnore String idempotencyKey,
                           @JsonIgnore String requestHash) {

    public static final String PENDING = "pending";
    public static final String CREATED = "created";
    public static final String FAILED = "failed";

    /** One destination's fate: a call id, a groupcall id, or the typed error that stopped it. */
    @com.fasterxml.jackson.annotation.JsonInclude(com.fasterxml.jackson.annotation.JsonInclude.Include.NON_NULL)
    public record Outcome(Address destination, UUID callId, UUID groupcallId, io.provtest.common.error.ApiError error) {
    }
}

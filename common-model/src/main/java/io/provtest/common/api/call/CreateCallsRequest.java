package io.provtest.common.api.call;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.model.Address;
import java.util.List;
import java.util.UUID;

/**
 * {@code POST /v1/calls}. Absent fields are left out of the body (call-manager reads absent as "not given": no key,
 * no flow, not anonymous). {@code flowActions}: the inline actions of a temporary flow to be made under {@code flowId}
 * by the first activeflow that runs it (a provider call's; flow-manager validates them), instead of the caller making
 * the flow first.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record CreateCallsRequest(String requestKey, UUID customerId, UUID flowId, Address source,
                                 List<Address> destinations, String anonymous, Metadata metadata,
                                 JsonNode flowActions) {

    /** Calls that run an existing flow (or none). */
    public CreateCallsRequest(String requestKey, UUID customerId, UUID flowId, Address source,
                              List<Address> destinations, String anonymous, Metadata metadata) {
        this(requestKey, customerId, flowId, source, destinations, anonymous, metadata, null);
    }

    /**
     * Server-side settings a public client can never set: the forced providers, no source-number check, RTP kept for
     * the report, and the provider call placing the calls (each call and groupcall keeps it, so their events name the
     * record).
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Metadata(List<UUID> routeProviderIds, Boolean skipSourceValidation, Boolean rtpDebug,
                           UUID providercallId) {
    }
}

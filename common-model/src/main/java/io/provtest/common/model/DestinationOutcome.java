package io.provtest.common.model;

import com.fasterxml.jackson.annotation.JsonInclude;
import io.provtest.common.error.ApiError;
import java.util.UUID;

/**
 * What became of one destination of a create-calls request ({@code POST /v1/calls} on call-manager): a call, a
 * groupcall (agent destinations), or the typed error that stopped it. Listed in destination order, one per
 * destination, so nothing is ever skipped silently.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record DestinationOutcome(int index, Address destination, UUID callId, UUID groupcallId, ApiError error) {
}

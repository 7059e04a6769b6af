package io.provtest.common.model;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A flow: the actions a call runs once answered. A temporary one ({@code persist=false}) expires. flow-manager owns
 * it; route-manager and call-manager read it over RPC.
 */
public record Flow(UUID id, UUID customerId, String type, String name, String detail, List<Action> actions,
                   UUID onCompleteFlowId, boolean persist, Instant tmExpire, Instant tmCreate, Instant tmUpdate,
                   Instant tmDelete) {
}

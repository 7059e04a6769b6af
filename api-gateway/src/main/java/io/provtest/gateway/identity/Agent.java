package io.provtest.gateway.identity;

import io.provtest.common.model.Address;
import java.time.Instant;
import java.util.List;
import java.util.UUID;

/** An agent as shown: never with its password hash. */
public record Agent(UUID id, UUID customerId, String username, String name, String detail, int permission,
                    List<Address> addresses, String ringMethod, Instant tmCreate, Instant tmUpdate, Instant tmDelete) {
}

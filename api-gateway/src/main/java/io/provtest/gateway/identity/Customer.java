package io.provtest.gateway.identity;

import java.time.Instant;
import java.util.UUID;

public record Customer(UUID id, String name, String detail, Instant tmCreate, Instant tmUpdate, Instant tmDelete) {
}

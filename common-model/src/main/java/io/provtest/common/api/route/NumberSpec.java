package io.provtest.common.api.route;

import java.util.UUID;

/** A number as {@code POST} and {@code PUT /v1/numbers} take it, whole (route-manager normalises and validates). */
public record NumberSpec(UUID customerId, String number, String status, String name, String detail) {
}

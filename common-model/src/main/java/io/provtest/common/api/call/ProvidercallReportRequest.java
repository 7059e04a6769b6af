package io.provtest.common.api.call;

import java.util.List;
import java.util.UUID;

/** {@code POST /v1/reports/providercall}: the provider call and what it placed. */
public record ProvidercallReportRequest(UUID providercallId, List<UUID> callIds, List<UUID> groupcallIds) {
}

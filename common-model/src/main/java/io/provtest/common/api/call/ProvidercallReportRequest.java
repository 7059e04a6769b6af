package io.provtest.common.api.call;

import java.util.List;
import java.util.UUID;

/**
 * {@code POST /v1/reports/providercall}: the provider call and what it placed. {@code completeOnly}: the asker wants
 * a final report or nothing (route-manager's announcement); while a call or groupcall is live, call-manager answers
 * {@code complete: false} with no calls, without reading their traces and recordings.
 */
public record ProvidercallReportRequest(UUID providercallId, List<UUID> callIds, List<UUID> groupcallIds,
                                        boolean completeOnly) {

    /** The report as it stands, complete or not (what a reader of {@code GET …/report} sees). */
    public ProvidercallReportRequest(UUID providercallId, List<UUID> callIds, List<UUID> groupcallIds) {
        this(providercallId, callIds, groupcallIds, false);
    }
}

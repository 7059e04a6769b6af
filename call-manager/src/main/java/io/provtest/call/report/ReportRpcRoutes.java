package io.provtest.call.report;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.call.media.RecordingStore;
import io.provtest.common.error.ServiceException;
import io.provtest.common.request.Ids;
import io.provtest.common.rpc.RpcRouter;
import io.provtest.common.rpc.RpcRoutes;
import jakarta.inject.Singleton;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The report of a provider call (asked by route-manager, which owns provider calls) and slices of a call's recording
 * (asked by the gateway after its access check on the call; at most {@link #MAX_SLICE} bytes per request, base64).
 */
@Singleton
public class ReportRpcRoutes implements RpcRoutes {

    static final int MAX_SLICE = 512 * 1024;

    private final ReportService reports;
    private final RecordingStore recordings;

    public ReportRpcRoutes(ReportService reports, RecordingStore recordings) {
        this.reports = reports;
        this.recordings = recordings;
    }

    @Override
    public void register(RpcRouter router) {
        router.post("/v1/reports/providercall", call -> {
                    JsonNode data = call.data();
                    if (data == null || !Ids.isUuid(data.path("providercall_id").asText(null))) {
                        throw ServiceException.invalid("INVALID_ARGUMENT", "providercall_id is required.");
                    }
                    return reports.report(UUID.fromString(data.get("providercall_id").asText()),
                            ids(data.path("call_ids")), ids(data.path("groupcall_ids")),
                            data.path("complete_only").asBoolean(false));
                })
                .get("/v1/calls/{id}/recording", call -> {
                    long offset = number(call.query("offset"), 0);
                    int length = (int) Math.min(MAX_SLICE, number(call.query("length"), MAX_SLICE));
                    RecordingStore.Slice slice = recordings.wav(call.pathId("id"), offset, length);
                    Map<String, Object> out = new LinkedHashMap<>();
                    out.put("size", slice.size());
                    out.put("offset", slice.from());
                    out.put("content_type", "audio/wav");
                    out.put("data", Base64.getEncoder().encodeToString(slice.bytes()));
                    return out;
                });
    }

    private static List<UUID> ids(JsonNode list) {
        List<UUID> ids = new ArrayList<>();
        list.forEach(n -> {
            if (Ids.isUuid(n.asText())) {
                ids.add(UUID.fromString(n.asText()));
            }
        });
        return ids;
    }

    private static long number(String text, long fallback) {
        if (text == null || text.isEmpty()) {
            return fallback;
        }
        try {
            return Math.max(0, Long.parseLong(text));
        } catch (NumberFormatException e) {
            throw ServiceException.invalid("INVALID_ARGUMENT", "offset and length must be whole numbers.");
        }
    }
}

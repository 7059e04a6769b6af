package io.provtest.call.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.error.Validation;
import io.provtest.common.request.Ids;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

/**
 * The typed registry of call metadata. Only server-side trust paths set it (clients never can): an unknown key or
 * a value of the wrong type is a 400, and each destination gets its own copy.
 */
public record CallMetadata(List<UUID> routeProviderIds, Boolean skipSourceValidation, Boolean rtpDebug, String codecs,
                           UUID providercallId) {

    public static final CallMetadata NONE = new CallMetadata(List.of(), null, null, null, null);

    public static CallMetadata parse(JsonNode node, Validation v) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return NONE;
        }
        if (!node.isObject()) {
            v.reject("metadata", "must be an object");
            return NONE;
        }
        List<UUID> providers = new ArrayList<>();
        Boolean skip = null;
        Boolean rtp = null;
        String codecs = null;
        UUID providercall = null;
        for (Map.Entry<String, JsonNode> field : (Iterable<Map.Entry<String, JsonNode>>) node::fields) {
            JsonNode value = field.getValue();
            switch (field.getKey()) {
                case "route_provider_ids" -> {
                    if (!value.isArray() || value.isEmpty()) {
                        v.reject("metadata.route_provider_ids", "must be a non-empty list of UUIDs");
                    } else {
                        for (JsonNode id : value) {
                            if (!id.isTextual() || !Ids.isUuid(id.asText())) {
                                v.reject("metadata.route_provider_ids", "must be a non-empty list of UUIDs");
                                break;
                            }
                            providers.add(UUID.fromString(id.asText()));
                        }
                    }
                }
                case "skip_source_validation" -> skip = bool(v, field.getKey(), value);
                case "rtp_debug" -> rtp = bool(v, field.getKey(), value);
                case "codecs" -> {
                    if (!value.isTextual()) {
                        v.reject("metadata.codecs", "must be a string");
                    } else {
                        codecs = value.asText();
                    }
                }
                // the provider call placing the call: its hang-up event then names the record (route-manager's
                // ReportReadiness needs it for a call that ends before the record settles)
                case "providercall_id" -> {
                    if (!value.isTextual() || !Ids.isUuid(value.asText())) {
                        v.reject("metadata.providercall_id", "must be a UUID");
                    } else {
                        providercall = UUID.fromString(value.asText());
                    }
                }
                default -> v.reject("metadata." + field.getKey(), "is not a known metadata key");
            }
        }
        return new CallMetadata(List.copyOf(providers), skip, rtp, codecs, providercall);
    }

    private static Boolean bool(Validation v, String key, JsonNode value) {
        if (!value.isBoolean()) {
            v.reject("metadata." + key, "must be true or false");
            return null;
        }
        return value.asBoolean();
    }

    /** The same metadata with the codecs to offer when the route names none ("PCMA,PCMU"). */
    public CallMetadata withCodecs(String stored) {
        return new CallMetadata(routeProviderIds, skipSourceValidation, rtpDebug, stored, providercallId);
    }

    public boolean forced() {
        return !routeProviderIds.isEmpty();
    }

    public boolean rtpDebugOn() {
        return Boolean.TRUE.equals(rtpDebug);
    }

    /** The stored and shown form: only the keys that were set. */
    public Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        if (!routeProviderIds.isEmpty()) {
            map.put("route_provider_ids", routeProviderIds.stream().map(UUID::toString).toList());
        }
        if (skipSourceValidation != null) {
            map.put("skip_source_validation", skipSourceValidation);
        }
        if (rtpDebug != null) {
            map.put("rtp_debug", rtpDebug);
        }
        if (codecs != null) {
            map.put("codecs", codecs);
        }
        if (providercallId != null) {
            map.put("providercall_id", providercallId.toString());
        }
        return map;
    }

    public static CallMetadata fromMap(Map<String, Object> map) {
        Validation ignored = new Validation();
        return parse(io.provtest.common.json.Json.tree(map), ignored);
    }
}

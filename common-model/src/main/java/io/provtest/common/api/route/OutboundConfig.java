package io.provtest.common.api.route;

import java.util.List;

/**
 * The part of {@code GET /v1/customers/{id}/outbound_config} a caller enforces: its limits, 0 when not set, and the
 * codecs its sip destinations may offer (common-model {@code sip/Codec} names in offer order; empty: the default).
 */
public record OutboundConfig(int callsPerSecond, int maxConcurrentCalls, List<String> codecs) {

    public OutboundConfig {
        codecs = codecs == null ? List.of() : List.copyOf(codecs);
    }
}

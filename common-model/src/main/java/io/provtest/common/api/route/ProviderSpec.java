package io.provtest.common.api.route;

import java.util.Map;

/**
 * {@code POST /v1/providers} and {@code PUT /v1/providers/{id}}: a whole provider, every field as the public API
 * takes it. route-manager's ProviderValidator decides (type, hostname, transport, codecs, the SIP-safety of the tech
 * prefix, postfix and headers) and fills the defaults; a field left null is absent.
 */
public record ProviderSpec(String type, String hostname, String techPrefix, String techPostfix,
                           Map<String, String> techHeaders, String transport, String name, String detail,
                           String codecs) {
}

package io.provtest.gateway.provider;

import io.provtest.common.api.route.ProviderSpec;
import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * A provider as a client sends it (create and full replace). Typed here so that a value of the wrong JSON type is
 * refused at the gateway, and checked with the SIP-safety constraints before anything is forwarded; route-manager
 * validates the rest (type, hostname, transport, codecs) and owns the stored shape. The constraints are the public
 * API's alone, so this record stays here and {@link #spec} turns it into the contract's {@link ProviderSpec}.
 */
public record ProviderInput(String type, String hostname, @TechAffix String techPrefix, @TechAffix String techPostfix,
                            @TechHeaders Map<String, String> techHeaders, String transport,
                            @Size(max = 255) String name, @Size(max = 2048) String detail, String codecs) {

    /** What route-manager is sent: the same fields; no body stays none (route-manager answers INVALID_JSON_BODY). */
    public static ProviderSpec spec(ProviderInput in) {
        return in == null ? null : new ProviderSpec(in.type, in.hostname, in.techPrefix, in.techPostfix,
                in.techHeaders, in.transport, in.name, in.detail, in.codecs);
    }
}

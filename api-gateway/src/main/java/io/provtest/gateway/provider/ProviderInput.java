package io.provtest.gateway.provider;

import jakarta.validation.constraints.Size;
import java.util.Map;

/**
 * A provider as a client sends it (create and full replace). Typed here so that a value of the wrong JSON type is
 * refused at the gateway, and checked with the SIP-safety constraints before anything is forwarded; route-manager
 * validates the rest (type, hostname, transport, codecs) and owns the stored shape.
 */
public record ProviderInput(String type, String hostname, @TechAffix String techPrefix, @TechAffix String techPostfix,
                            @TechHeaders Map<String, String> techHeaders, String transport,
                            @Size(max = 255) String name, @Size(max = 2048) String detail, String codecs) {
}

package io.provtest.route.provider;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A provider as accepted by {@link ProviderValidator}: absent optional strings are {@code ""}, {@code codecs} is the
 * normalised list (e.g. {@code PCMU,PCMA}) and {@code techHeaders} keeps the order the headers were given in, which
 * is the order they are written into the INVITE.
 */
public record ProviderSpec(String type, String hostname, String techPrefix, String techPostfix,
                           Map<String, String> techHeaders, String name, String detail, String codecs,
                           String transport) {

    public ProviderSpec {
        techHeaders = Collections.unmodifiableMap(new LinkedHashMap<>(techHeaders));
    }
}

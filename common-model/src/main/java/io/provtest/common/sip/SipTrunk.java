package io.provtest.common.sip;

import java.util.Map;

/** What of a provider the dialer needs to address an INVITE to it. {@code transport} is udp (default) or tcp. */
public record SipTrunk(String hostname, String techPrefix, String techPostfix, Map<String, String> techHeaders,
                       String transport) {

    public static final String UDP = "udp";
    public static final String TCP = "tcp";

    public SipTrunk {
        transport = transport == null || transport.isEmpty() ? UDP : transport;
    }

    public SipTrunk(String hostname, String techPrefix, String techPostfix, Map<String, String> techHeaders) {
        this(hostname, techPrefix, techPostfix, techHeaders, UDP);
    }
}

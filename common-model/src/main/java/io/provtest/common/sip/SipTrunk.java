package io.provtest.common.sip;

import io.provtest.common.error.ServiceException;
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

    /**
     * The hostname parsed. A provider's hostname passed the same parser when it was stored, so a failure here is a
     * row written around the API: refused as INVALID_PROVIDER (400) rather than sent to the stack.
     */
    public SipHost host() {
        try {
            return SipHost.parse(hostname);
        } catch (IllegalArgumentException e) {
            throw ServiceException.invalid("INVALID_PROVIDER", "The provider's hostname " + e.getMessage() + ".");
        }
    }
}

package io.provtest.call.dial;

import io.provtest.common.model.Address;
import java.util.List;
import java.util.UUID;

/**
 * What the dialer needs of a call: where to send it (its dialroutes in order, or the destination's own host for a
 * sip destination without one), who it is from, and the codecs to offer when the provider names none.
 */
public record DialRequest(UUID callId, List<Route> routes, Address destination, Address source, String anonymous,
                          String fallbackCodecs) {

    /** One dialroute: the provider to send the INVITE through. */
    public record Route(UUID id, UUID providerId) {
    }
}

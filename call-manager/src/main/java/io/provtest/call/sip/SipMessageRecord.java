package io.provtest.call.sip;

import java.time.Instant;
import java.util.UUID;

/** One SIP message of a call's trace, as stored and as shown. */
public record SipMessageRecord(UUID callId, String sipCallId, Instant tm, String direction, String localAddr,
                               String remoteAddr, String firstLine, String raw) {
}

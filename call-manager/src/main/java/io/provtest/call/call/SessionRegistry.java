package io.provtest.call.call;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

/** The live calls of this instance, found by call id (API, groupcalls) or by SIP Call-ID (the SIP stack's events). */
final class SessionRegistry {

    private final Map<UUID, CallSession> byCall = new ConcurrentHashMap<>();
    private final Map<String, CallSession> bySipCallId = new ConcurrentHashMap<>();

    void add(CallSession session) {
        byCall.put(session.callId, session);
    }

    CallSession byCall(UUID callId) {
        return byCall.get(callId);
    }

    CallSession bySipCallId(String sipCallId) {
        return bySipCallId.get(sipCallId);
    }

    /** Responses to this INVITE find the call from now on (also late retransmissions, until forgotten). */
    void bind(String sipCallId, CallSession session) {
        bySipCallId.put(sipCallId, session);
    }

    /** The call ended: no new work is routed to it by id. */
    void remove(UUID callId) {
        byCall.remove(callId);
    }

    void forget(String sipCallId) {
        bySipCallId.remove(sipCallId);
    }

    java.util.Collection<CallSession> all() {
        return java.util.List.copyOf(byCall.values());
    }

    int live() {
        return byCall.size();
    }
}

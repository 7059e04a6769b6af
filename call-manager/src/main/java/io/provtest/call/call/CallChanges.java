package io.provtest.call.call;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;
import java.util.UUID;

/**
 * The engine's changes of a live call, as pure functions of the call as it stands: each returns the call after the
 * change, or null when the status machine ({@link CallStatus#canMoveTo}) does not allow it, so a late event (a 180
 * after the 200, a hangup after the hangup) changes nothing. The instance that owns a call's dialog is the only
 * writer of its live columns, so its copy in memory is the truth and the database follows it ({@link CallWriter}).
 */
public final class CallChanges {

    /** How a call ended; {@code sipCode} null when no final SIP response says it; {@code rtpStats} null unless asked. */
    public record Hangup(String reason, String by, String cause, Instant at, Integer sipCode, String sipReason,
                         JsonNode rtpStats) {
    }

    private CallChanges() {
    }

    public static Call ringing(Call c, Instant at) {
        Draft d = move(c, CallStatus.RINGING, at);
        return d == null ? null : d.tmRinging(at).build();
    }

    public static Call progressing(Call c, Instant at, int sipCode, String sipReason) {
        Draft d = move(c, CallStatus.PROGRESSING, at);
        return d == null ? null : d.tmProgressing(at).sip(sipCode, sipReason).build();
    }

    public static Call canceling(Call c, Instant at) {
        Draft d = move(c, CallStatus.CANCELING, at);
        return d == null ? null : d.build();
    }

    public static Call terminating(Call c, Instant at) {
        Draft d = move(c, CallStatus.TERMINATING, at);
        return d == null ? null : d.build();
    }

    public static Call hangup(Call c, Hangup h) {
        Draft d = move(c, CallStatus.HANGUP, h.at());
        if (d == null) {
            return null;
        }
        d.hangupReason = h.reason();
        d.hangupBy = h.by();
        d.hangupCause = orEmpty(h.cause());
        d.tmHangup = h.at();
        if (h.sipCode() != null) {
            d.sip(h.sipCode(), h.sipReason());
        }
        if (h.rtpStats() != null) {
            d.rtpStats = h.rtpStats();
        }
        return d.build();
    }

    /** The INVITE of an attempt went out: its Call-ID and, through a provider, the dialroute used. */
    public static Call attemptStarted(Call c, String sipCallId, UUID dialrouteId, UUID providerId, Instant at) {
        Draft d = live(c, at);
        if (d == null) {
            return null;
        }
        d.sipCallId = sipCallId;
        if (dialrouteId != null) {
            d.dialrouteId = dialrouteId;
            d.providerId = providerId;
        }
        return d.build();
    }

    /** A groupcall's winning leg runs the groupcall's flow. */
    public static Call flowStarted(Call c, UUID flowId, UUID activeflowId, Instant at) {
        Draft d = live(c, at);
        if (d == null) {
            return null;
        }
        d.flowId = flowId;
        d.activeflowId = activeflowId;
        return d.build();
    }

    public static Call actionStarted(Call c, JsonNode action, Instant at) {
        Draft d = live(c, at);
        if (d == null) {
            return null;
        }
        d.action = action;
        return d.build();
    }

    /** A final response that does not end the call by itself (a failover follows). */
    public static Call finalResponse(Call c, int sipCode, String sipReason, Instant at) {
        Draft d = live(c, at);
        return d == null ? null : d.sip(sipCode, sipReason).build();
    }

    private static Draft move(Call c, CallStatus next, Instant at) {
        if (!c.status().canMoveTo(next)) {
            return null;
        }
        Draft d = new Draft(c, at);
        d.status = next;
        return d;
    }

    private static Draft live(Call c, Instant at) {
        return c.status() == CallStatus.HANGUP ? null : new Draft(c, at);
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    /** The mutable columns of a call while a change is made; the rest is copied as it is. */
    private static final class Draft {
        private final Call c;
        CallStatus status;
        UUID flowId;
        UUID activeflowId;
        JsonNode action;
        String hangupBy;
        String hangupReason;
        String hangupCause;
        UUID dialrouteId;
        UUID providerId;
        String sipCallId;
        Integer sipStatusCode;
        String sipReason;
        JsonNode rtpStats;
        Instant tmRinging;
        Instant tmProgressing;
        Instant tmHangup;
        final Instant tmUpdate;

        Draft(Call c, Instant at) {
            this.c = c;
            status = c.status();
            flowId = c.flowId();
            activeflowId = c.activeflowId();
            action = c.action();
            hangupBy = c.hangupBy();
            hangupReason = c.hangupReason();
            hangupCause = c.hangupCause();
            dialrouteId = c.dialrouteId();
            providerId = c.providerId();
            sipCallId = c.sipCallId();
            sipStatusCode = c.sipStatusCode();
            sipReason = c.sipReason();
            rtpStats = c.rtpStats();
            tmRinging = c.tmRinging();
            tmProgressing = c.tmProgressing();
            tmHangup = c.tmHangup();
            tmUpdate = at;
        }

        Draft tmRinging(Instant at) {
            tmRinging = at;
            return this;
        }

        Draft tmProgressing(Instant at) {
            tmProgressing = at;
            return this;
        }

        Draft sip(int code, String reason) {
            sipStatusCode = code;
            sipReason = orEmpty(reason);
            return this;
        }

        Call build() {
            return new Call(c.id(), c.customerId(), flowId, activeflowId, c.type(), c.masterCallId(), c.groupcallId(),
                    c.source(), c.destination(), status, c.metadata(), action, c.direction(), hangupBy, hangupReason,
                    hangupCause, dialrouteId, providerId, sipCallId, sipStatusCode, sipReason, rtpStats,
                    c.recordingBytes(), tmRinging,
                    tmProgressing, tmHangup, c.tmCreate(), tmUpdate, c.tmDelete(), c.anonymous(), c.dialroutes(),
                    c.ownerInstance());
        }
    }
}

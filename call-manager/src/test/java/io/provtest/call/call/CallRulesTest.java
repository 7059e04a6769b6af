package io.provtest.call.call;

import io.provtest.call.dial.HangupRules;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.error.Validation;
import io.provtest.common.json.Json;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CallRulesTest {

    @Test
    void statusesOnlyMoveForwardAndNeverToThemselves() {
        for (CallStatus s : CallStatus.values()) {
            assertFalse(s.canMoveTo(s), s + "→" + s);
            assertFalse(s.canMoveTo(CallStatus.DIALING));
        }
        assertTrue(CallStatus.DIALING.canMoveTo(CallStatus.PROGRESSING));
        assertFalse(CallStatus.PROGRESSING.canMoveTo(CallStatus.CANCELING), "an answered call is terminated, not canceled");
        assertFalse(CallStatus.PROGRESSING.canMoveTo(CallStatus.RINGING));
        assertFalse(CallStatus.CANCELING.canMoveTo(CallStatus.PROGRESSING));
        assertFalse(CallStatus.HANGUP.canMoveTo(CallStatus.TERMINATING));
        assertEquals(EnumSet.of(CallStatus.DIALING, CallStatus.RINGING), CallStatus.allowedBefore(CallStatus.CANCELING));
        assertEquals(EnumSet.complementOf(EnumSet.of(CallStatus.HANGUP)), CallStatus.allowedBefore(CallStatus.HANGUP));
    }

    @ParameterizedTest
    @CsvSource({
        "486, busy, false", "600, busy, false",
        "480, noanswer, false", "403, noanswer, false", "603, noanswer, false",
        "404, failed, true", "408, failed, true", "410, failed, true", "484, failed, true", "488, failed, true",
        "500, failed, true", "502, failed, true", "503, failed, true", "604, failed, true"})
    void finalResponsesBeforeAnswer(int code, String reason, boolean retryable) {
        HangupRules.Outcome outcome = HangupRules.finalResponse(code, false);
        assertEquals(reason, outcome.reason());
        assertEquals(retryable, outcome.retryable());
    }

    @Test
    void our487IsACancelAndNeverRetried() {
        assertEquals(new HangupRules.Outcome("cancel", false), HangupRules.finalResponse(487, true));
    }

    @Test
    void metadataRegistryRefusesUnknownKeysAndWrongTypes() {
        Validation v = new Validation();
        CallMetadata ok = CallMetadata.parse(Json.tree(Map.of("route_provider_ids",
                List.of("4dbeabd6-f397-4375-95d2-a38411e07ed1"), "skip_source_validation", true, "rtp_debug", false,
                "codecs", "PCMA", "providercall_id", "0b6f9f3e-58a1-4c1e-9d57-2f4a1c1e8b10")), v);
        assertTrue(v.ok());
        assertTrue(ok.forced());
        assertEquals(UUID.fromString("0b6f9f3e-58a1-4c1e-9d57-2f4a1c1e8b10"), ok.providercallId());
        assertEquals(ok, CallMetadata.fromMap(ok.asMap()));
        for (Map<String, Object> bad : List.<Map<String, Object>>of(Map.of("surprise", 1), Map.of("rtp_debug", "yes"),
                Map.of("route_provider_ids", List.of("nope")), Map.of("route_provider_ids", List.of()),
                Map.of("codecs", 5), Map.of("providercall_id", "pc-1"), Map.of("providercall_id", 7))) {
            Validation bv = new Validation();
            CallMetadata.parse(Json.tree(bad), bv);
            assertFalse(bv.ok(), bad.toString());
        }
    }
}

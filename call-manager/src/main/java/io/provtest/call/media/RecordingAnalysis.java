package io.provtest.call.media;

import io.provtest.common.sip.Codec;
import java.util.Set;

/**
 * What a recording says, computed once when the call ends and kept after the audio is purged: packets before and
 * after the answer, whether a 183 carried SDP, payload types we could not decode, and the classifier's verdict on the
 * early part and on the answered part.
 */
public record RecordingAnalysis(String codec, long earlyPackets, long answeredPackets, boolean earlySdp,
                                Set<Integer> otherPayloadTypes, boolean truncated, SpeechClassifier.Result early,
                                SpeechClassifier.Result answered) {

    /** Pure: the analysis of a recorder's snapshot. */
    public static RecordingAnalysis of(CallRecorder.Snapshot s, SpeechClassifier.Settings settings) {
        short[] samples = CallRecorder.linear(s.audio(), s.payloadType());
        return new RecordingAnalysis(codec(s.payloadType()), s.earlyPackets(), s.answeredPackets(), s.earlySdp(),
                s.otherPayloadTypes(), s.truncated(),
                SpeechClassifier.classify(samples, 0, s.earlyBytes(), settings),
                SpeechClassifier.classify(samples, s.earlyBytes(), samples.length, settings));
    }

    public static String codec(int payloadType) {
        return Codec.ofPayloadType(payloadType).map(Codec::name).orElse(null);
    }
}

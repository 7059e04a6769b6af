package io.provtest.call.media;

/**
 * What came back from the far end: enough to tell "answered but no audio" from a healthy call. Jitter is the RFC 3550
 * interarrival estimate in milliseconds (8 kHz clock).
 */
public record RtpStats(long packetsReceived, long packetsLost, double jitterMs, long packetsSent, String remoteAddress) {
}

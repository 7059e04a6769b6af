package io.provtest.common.sip;

import java.util.List;

/**
 * The parts of an outbound INVITE that depend on the provider and the caller: shown by the provider dry-run and
 * used by the dialer, from one {@link InvitePlanner}. {@code from} and {@code to} are full header values without tags.
 */
public record InvitePlan(String requestUri, String from, String to, List<SipHeader> headers, String transport) {

    public record SipHeader(String name, String value) {
    }
}

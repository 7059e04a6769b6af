package io.provtest.common.model;

import io.provtest.common.address.SipUri;
import io.provtest.common.request.Ids;

/**
 * Which destinations can be rung, one rule for every service that accepts them (provider calls, create-calls,
 * groupcalls): tel in E.164, sip as {@code [sip:]user@host[:port]} ({@link SipUri}: no URI parameters or headers),
 * agent by its id. Whether a sip destination's host may be contacted is decided apart ({@code AddressRules}), since
 * it depends on the operator's allow-list and, for names, on resolution. {@code extension} is refused with the reason.
 */
public final class Destinations {

    /** What is wrong, and with which part of the address ({@code type} or {@code target}). */
    public record Problem(String part, String reason) {
    }

    private Destinations() {
    }

    /** Null when the destination can be rung. */
    public static Problem problem(Address address) {
        String target = address.target() == null ? "" : address.target();
        return switch (address.type() == null ? "" : address.type()) {
            case "tel" -> E164.isValid(E164.normalise(target)) ? null
                    : new Problem("target", "a tel destination must be E.164: + and 7 to 15 digits");
            case "sip" -> sipProblem(target);
            case "agent" -> Ids.isUuid(target) ? null
                    : new Problem("target", "an agent destination's target is the agent id (a UUID)");
            case "extension" -> new Problem("type", "extension destinations ring SIP registrations, which this"
                    + " platform does not keep: use the extension's sip address or an agent");
            default -> new Problem("type", "'" + address.type() + "' cannot be rung: use tel, sip or agent");
        };
    }

    private static Problem sipProblem(String target) {
        try {
            SipUri.parse(target);
            return null;
        } catch (IllegalArgumentException e) {
            return new Problem("target", e.getMessage());
        }
    }

    /** The stored form: a tel number in E.164, anything else as given. */
    public static Address normalised(Address address) {
        return "tel".equals(address.type()) ? new Address("tel", E164.normalise(address.target()),
                address.targetName(), address.name(), address.detail()) : address;
    }
}

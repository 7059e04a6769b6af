package io.provtest.common.sip;

import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Rules for the custom headers a provider adds to its INVITEs ({@code tech_headers}). They are written into the
 * message as {@code Name: value} lines, so a name must not collide with a header the dialer owns and a value must
 * not be able to end the line.
 */
public final class SipHeaders {

    public static final int MAX_NAME_LENGTH = 64;
    public static final int MAX_VALUE_LENGTH = 256;

    /** RFC 3261 {@code token}: alphanum and {@code - . ! % * _ + ` ' ~}. */
    private static final Pattern TOKEN = Pattern.compile("[A-Za-z0-9.!%*_+`'~-]{1," + MAX_NAME_LENGTH + "}");

    /**
     * Headers the dialer or the SIP stack sets itself (dialog identity, routing, body framing, caller identity,
     * authentication, negotiated capabilities). Overriding any of them would break the call or spoof the caller.
     * Single letters are compact forms (RFC 3261, 3265, 3515, 4028): SIP stacks expand them, so they are refused
     * too lest a short name slip past its long-form rule.
     */
    private static final Set<String> RESERVED = Set.of(
            "from", "to", "via", "call-id", "cseq", "contact", "max-forwards", "route", "record-route",
            "content-length", "content-type", "p-asserted-identity", "p-preferred-identity", "privacy",
            "authorization", "proxy-authorization", "www-authenticate", "proxy-authenticate", "expires", "allow",
            "supported", "require", "proxy-require", "content-encoding", "content-disposition", "accept", "event",
            "refer-to", "replaces",
            "f", "t", "v", "i", "m", "l", "c", "k", "s", "e", "o", "u", "r", "x");

    private SipHeaders() {
    }

    /** Whether {@code name} is an RFC 3261 token of 1 to 64 characters. */
    public static boolean isToken(String name) {
        return name != null && TOKEN.matcher(name).matches();
    }

    /** Whether {@code name} (case-insensitive, as SIP header names are) is one a provider may not set. */
    public static boolean isReserved(String name) {
        return name != null && RESERVED.contains(name.toLowerCase(Locale.ROOT));
    }

    /**
     * Why {@code value} cannot be a header value, or {@code null} if it can. Every control character is refused, not
     * only CR and LF: NUL truncates strings in C stacks, TAB is the folding whitespace of RFC 3261, and C1 controls
     * (U+0080..U+009F, e.g. NEL) end a line for some parsers.
     */
    public static String valueProblem(String value) {
        if (value == null) {
            return "must be a string";
        }
        if (value.indexOf('\r') >= 0 || value.indexOf('\n') >= 0) {
            return "contains CR or LF";
        }
        if (value.indexOf('\0') >= 0) {
            return "contains NUL";
        }
        if (value.chars().anyMatch(Character::isISOControl)) {
            return "contains a control character";
        }
        if (value.length() > MAX_VALUE_LENGTH) {
            return "must be at most " + MAX_VALUE_LENGTH + " characters";
        }
        if (value.isBlank()) {
            return "must not be blank";
        }
        return null;
    }
}

package io.provtest.common.sip;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Builds the user part of a provider's Request-URI. Shared by the route-manager dry-run preview and the call-manager
 * dialer so that what a user previews is byte for byte what is sent in the INVITE.
 */
public final class SipUserPart {

    public static final int MAX_TECH_AFFIX_LENGTH = 32;

    /** RFC 3261 {@code mark} and {@code user-unreserved}: legal unescaped in {@code user} besides letters and digits. */
    private static final String USER_PUNCTUATION = "-_.!~*'()&=+$,;?/";
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();
    private static final Pattern SAFE_AFFIX = Pattern.compile("[0-9A-Za-z+*#._-]{0," + MAX_TECH_AFFIX_LENGTH + "}");

    private SipUserPart() {
    }

    /**
     * {@code sip:<prefix><number><postfix>@<hostname>}. The user part is percent-encoded outside RFC 3261's
     * {@code user} set: {@code #} becomes {@code %23} because it is not a legal URI character, while {@code +} stays
     * {@code +} because carriers match E.164 numbers on the literal plus. The hostname
     * ({@code host}, {@code host:port}, {@code 1.2.3.4:5060}, {@code [::1]:5060}) is used verbatim: it was validated
     * when the provider was saved.
     *
     * @param techPrefix  prepended to the number; {@code null} means none
     * @param techPostfix appended to the number; {@code null} means none
     * @throws IllegalArgumentException if the user part would be empty or is not well-formed UTF-16
     */
    public static String requestUri(String techPrefix, String number, String techPostfix, String hostname) {
        Objects.requireNonNull(number, "number");
        Objects.requireNonNull(hostname, "hostname");
        String user = orEmpty(techPrefix) + number + orEmpty(techPostfix);
        if (user.isEmpty()) {
            throw new IllegalArgumentException("The Request-URI user part must not be empty.");
        }
        return "sip:" + encodeUser(user) + "@" + hostname;
    }

    /** {@code sip:<user>@<host>} with the same user-part encoding as the Request-URI. */
    public static String uri(String user, String host) {
        return "sip:" + encodeUser(user) + "@" + host;
    }

    /**
     * Whether a {@code tech_prefix} or {@code tech_postfix} is allowed: at most 32 characters (empty is fine), each
     * one of ASCII letters, digits, {@code + * # - . _}. The set covers dial prefixes ({@code +1}, {@code *67},
     * {@code #31#}, {@code 9901}, {@code trunk-a.}) and nothing that could change the shape of the Request-URI:
     * {@code @ ; > < ? : /}, whitespace, CR, LF, {@code %}, quotes, commas, control characters and non-ASCII are all
     * refused. {@code null} means no affix and is safe.
     */
    public static boolean isSafeTechAffix(String s) {
        return s == null || SAFE_AFFIX.matcher(s).matches();
    }

    private static String orEmpty(String s) {
        return s == null ? "" : s;
    }

    private static String encodeUser(String user) {
        StringBuilder out = new StringBuilder(user.length());
        for (byte b : strictUtf8(user)) {
            int c = b & 0xFF;
            if (isUserChar(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    private static boolean isUserChar(int c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                || USER_PUNCTUATION.indexOf(c) >= 0;
    }

    /** String.getBytes would turn a lone surrogate into '?', a character that passes unescaped into the URI. */
    private static byte[] strictUtf8(String s) {
        try {
            ByteBuffer buffer = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(s));
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("The Request-URI user part is not well-formed Unicode.", e);
        }
    }
}

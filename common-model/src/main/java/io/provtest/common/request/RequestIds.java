package io.provtest.common.request;

import java.security.SecureRandom;
import java.util.regex.Pattern;

/** X-Request-Id rules: a client's id is kept if it is 1–64 of [A-Za-z0-9_-], otherwise we mint req_ + 26 base32. */
public final class RequestIds {

    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private RequestIds() {
    }

    public static boolean acceptable(String candidate) {
        return candidate != null && ACCEPTABLE.matcher(candidate).matches();
    }

    public static String generate() {
        byte[] bytes = new byte[26];
        RANDOM.nextBytes(bytes);
        StringBuilder id = new StringBuilder("req_");
        for (byte b : bytes) {
            id.append(BASE32[(b & 0xff) % 32]);
        }
        return id.toString();
    }

    public static String echoOrGenerate(String candidate) {
        return acceptable(candidate) ? candidate : generate();
    }
}

package io.provtest.common.request;

import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/** X-Request-Id rules: a client's id is kept if it is 1–64 of [A-Za-z0-9_-], otherwise we mint req_ + 26 base32. */
public final class RequestIds {

    private static final Pattern ACCEPTABLE = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final char[] BASE32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();

    private RequestIds() {
    }

    public static boolean acceptable(String candidate) {
        return candidate != null && ACCEPTABLE.matcher(candidate).matches();
    }

    /**
     * A new id. Not a secret (a client may send any acceptable id of its own), so it is drawn from the thread's own
     * generator: {@code SecureRandom} took a lock shared by every request thread for each HTTP request.
     */
    public static String generate() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        StringBuilder id = new StringBuilder(30).append("req_");
        for (int i = 0; i < 26; i++) {
            id.append(BASE32[random.nextInt(32)]);
        }
        return id.toString();
    }

    public static String echoOrGenerate(String candidate) {
        return acceptable(candidate) ? candidate : generate();
    }
}

package io.provtest.gateway.identity;

import io.provtest.common.error.Validation;
import java.util.Set;
import java.util.regex.Pattern;

/** Field rules shared by the identity endpoints. */
final class IdentityRules {

    static final Set<String> RING_METHODS = Set.of("ring_all", "linear");
    private static final Pattern USERNAME = Pattern.compile("[A-Za-z0-9._@+-]{1,128}");

    private IdentityRules() {
    }

    static String text(Validation v, String field, String value, int max) {
        String text = value == null ? "" : value;
        if (text.length() > max) {
            v.reject(field, "must be at most " + max + " characters");
        }
        if (text.chars().anyMatch(ch -> ch < 0x20 && ch != '\t')) {
            v.reject(field, "must not contain control characters");
        }
        return text;
    }

    static void username(Validation v, String username) {
        if (username == null || !USERNAME.matcher(username).matches()) {
            v.reject("username", "required: 1-128 of letters, digits and . _ @ + -");
        }
    }

    static void password(Validation v, String password, boolean required) {
        if (password == null) {
            if (required) {
                v.reject("password", "required");
            }
            return;
        }
        // bcrypt reads at most 72 bytes: a longer password would silently lose its tail.
        int bytes = password.getBytes(java.nio.charset.StandardCharsets.UTF_8).length;
        if (password.length() < 8 || bytes > 72) {
            v.reject("password", "must be 8 to 72 bytes long");
        }
    }
}

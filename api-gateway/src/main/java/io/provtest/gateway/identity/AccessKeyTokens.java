package io.provtest.gateway.identity;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.HexFormat;

/**
 * Access keys are 200 random bits, so a fast SHA-256 is enough to store them (a slow hash protects guessable
 * passwords, not random keys) and it lets a presented key be found by its hash.
 */
final class AccessKeyTokens {

    private static final char[] ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private AccessKeyTokens() {
    }

    static String generate() {
        StringBuilder key = new StringBuilder("ak_");
        for (int i = 0; i < 40; i++) {
            key.append(ALPHABET[RANDOM.nextInt(ALPHABET.length)]);
        }
        return key.toString();
    }

    static String hash(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Enough to recognise a key in a list without revealing it. */
    static String hint(String key) {
        return key.substring(0, Math.min(7, key.length())) + "…";
    }
}

package io.provtest.gateway.webhook;

import io.provtest.common.error.ServiceException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;
import java.util.UUID;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Webhook signing secrets at rest: AES-256-GCM, a fresh 96-bit nonce per value, the customer id as associated data
 * (a row's value copied onto another customer's row does not decrypt). Stored as {@code v1:<base64(nonce ||
 * ciphertext || tag)>}; a value without the prefix is a secret written in clear before encryption existed (read as
 * it is, and re-encrypted at start).
 *
 * <p>The key is SHA-256 of a label and the configured text: {@code WEBHOOK_SECRET_KEY} when set, else the JWT secret
 * (a different label, so the AES key is never the HMAC key of the tokens). Whoever reads the database without the
 * gateway's configuration learns no secret; changing the key makes the stored secrets unreadable (rotate them).
 */
public final class SecretCipher {

    static final String PREFIX = "v1:";
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKeySpec key;

    private SecretCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
    }

    /** The cipher for {@code WEBHOOK_SECRET_KEY} when given (not blank), else derived from the JWT secret. */
    public static SecretCipher of(String configuredKey, String jwtSecret) {
        boolean own = configuredKey != null && !configuredKey.isBlank();
        String label = own ? "provtest webhook secrets v1\0" : "provtest webhook secrets from JWT_SECRET v1\0";
        return new SecretCipher(sha256(label + (own ? configuredKey : jwtSecret)));
    }

    public String encrypt(UUID customerId, String secret) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            byte[] sealed = cipher(Cipher.ENCRYPT_MODE, nonce, customerId)
                    .doFinal(secret.getBytes(StandardCharsets.UTF_8));
            return PREFIX + Base64.getEncoder().encodeToString(ByteBuffer.allocate(NONCE_BYTES + sealed.length)
                    .put(nonce).put(sealed).array());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /** The secret; a value stored in clear is returned as it is. Fails typed when the key does not open it. */
    public String decrypt(UUID customerId, String stored) {
        if (!encrypted(stored)) {
            return stored;
        }
        try {
            byte[] all = Base64.getDecoder().decode(stored.substring(PREFIX.length()));
            byte[] nonce = Arrays.copyOf(all, NONCE_BYTES);
            byte[] clear = cipher(Cipher.DECRYPT_MODE, nonce, customerId)
                    .doFinal(all, NONCE_BYTES, all.length - NONCE_BYTES);
            return new String(clear, StandardCharsets.UTF_8);
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw ServiceException.internal("The webhook secret cannot be read with the configured key"
                    + " (WEBHOOK_SECRET_KEY changed?): rotate it.");
        }
    }

    public static boolean encrypted(String stored) {
        return stored.startsWith(PREFIX);
    }

    private Cipher cipher(int mode, byte[] nonce, UUID customerId) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(mode, key, new GCMParameterSpec(TAG_BITS, nonce));
        c.updateAAD(customerId.toString().getBytes(StandardCharsets.US_ASCII));
        return c;
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }
}

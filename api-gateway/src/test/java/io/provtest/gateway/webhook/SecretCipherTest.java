package io.provtest.gateway.webhook;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.provtest.common.error.ServiceException;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    private static final String JWT = "test-only-secret-test-only-secret-test-only-secret";
    private final UUID customer = UUID.randomUUID();

    @Test
    void encryptsWithAFreshNonceAndDecryptsBack() {
        SecretCipher cipher = SecretCipher.of("operator key", JWT);
        String a = cipher.encrypt(customer, "whsec_abc");
        String b = cipher.encrypt(customer, "whsec_abc");
        assertTrue(a.startsWith("v1:"), a);
        assertFalse(a.contains("whsec_abc"));
        assertNotEquals(a, b, "a fresh nonce each time");
        assertEquals("whsec_abc", cipher.decrypt(customer, a));
        assertEquals("whsec_abc", cipher.decrypt(customer, b));
    }

    @Test
    void aValueStoredInClearIsReadAsItIs() {
        assertEquals("whsec_legacy", SecretCipher.of("", JWT).decrypt(customer, "whsec_legacy"));
        assertFalse(SecretCipher.encrypted("whsec_legacy"));
    }

    @Test
    void anotherKeyOrAnotherCustomerDoesNotOpenIt() {
        String sealed = SecretCipher.of("operator key", JWT).encrypt(customer, "whsec_abc");
        ServiceException wrongKey = assertThrows(ServiceException.class,
                () -> SecretCipher.of("another key", JWT).decrypt(customer, sealed));
        assertTrue(wrongKey.error().message().contains("rotate"), wrongKey.error().message());
        assertThrows(ServiceException.class,
                () -> SecretCipher.of("operator key", JWT).decrypt(UUID.randomUUID(), sealed), "bound to its row");
        String tampered = sealed.substring(0, sealed.length() - 4) + (sealed.endsWith("AAAA") ? "BBBB" : "AAAA");
        assertThrows(ServiceException.class, () -> SecretCipher.of("operator key", JWT).decrypt(customer, tampered));
    }

    @Test
    void withoutItsOwnKeyTheKeyComesFromTheJwtSecretUnderItsOwnLabel() {
        String fromJwt = SecretCipher.of("", JWT).encrypt(customer, "whsec_abc");
        assertEquals("whsec_abc", SecretCipher.of(null, JWT).decrypt(customer, fromJwt));
        assertEquals("whsec_abc", SecretCipher.of("  ", JWT).decrypt(customer, fromJwt));
        assertThrows(ServiceException.class, () -> SecretCipher.of(JWT, "other").decrypt(customer, fromJwt),
                "the JWT secret given as WEBHOOK_SECRET_KEY is another key (other label)");
        assertThrows(ServiceException.class, () -> SecretCipher.of("", "another jwt").decrypt(customer, fromJwt));
    }
}

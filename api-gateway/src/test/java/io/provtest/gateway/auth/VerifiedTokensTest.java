package io.provtest.gateway.auth;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.quarkus.security.AuthenticationFailedException;
import io.smallrye.jwt.algorithm.SignatureAlgorithm;
import io.smallrye.jwt.auth.principal.DefaultJWTParser;
import io.smallrye.jwt.auth.principal.JWTAuthContextInfo;
import io.smallrye.jwt.auth.principal.ParseException;
import io.smallrye.jwt.build.Jwt;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import javax.crypto.SecretKey;
import javax.crypto.spec.SecretKeySpec;
import org.eclipse.microprofile.jwt.JsonWebToken;
import org.junit.jupiter.api.Test;

/** The memory of verified tokens, over smallrye-jwt's real parser: what is kept, for how long, what never is. */
class VerifiedTokensTest {

    private static final String ISSUER = "provtest-test";
    private static final SecretKey KEY = new SecretKeySpec(
            "verified-tokens-test-secret-verified-tokens".getBytes(StandardCharsets.UTF_8), "HmacSHA256");

    /** smallrye-jwt's parser, counting the tokens it really parses. */
    private static final class CountingParser extends DefaultJWTParser {
        int parsed;

        CountingParser() {
            super(context());
        }

        @Override
        public JsonWebToken parse(String token) throws ParseException {
            parsed++;
            return super.parse(token);
        }

        private static JWTAuthContextInfo context() {
            JWTAuthContextInfo info = new JWTAuthContextInfo(KEY, ISSUER);
            info.setSignatureAlgorithm(Set.of(SignatureAlgorithm.HS256));
            return info;
        }
    }

    private static String token(long expSeconds, SecretKey key) {
        return Jwt.issuer(ISSUER).subject("agent").expiresAt(expSeconds).jws().algorithm(SignatureAlgorithm.HS256)
                .sign(key);
    }

    private static long nowSeconds() {
        return System.currentTimeMillis() / 1000;
    }

    @Test
    void aVerifiedTokenIsParsedOnceWhileFresh() {
        CountingParser parser = new CountingParser();
        VerifiedTokens tokens = new VerifiedTokens(parser);
        String raw = token(nowSeconds() + 3600, KEY);
        long now = System.currentTimeMillis();
        JsonWebToken first = tokens.verify(raw, now);
        assertSame(first, tokens.verify(raw, now + VerifiedTokens.TTL_MS - 1));
        assertEquals(1, parser.parsed);
        tokens.verify(raw, now + VerifiedTokens.TTL_MS);
        assertEquals(2, parser.parsed, "verified again once the memory is stale");
    }

    @Test
    void aRefusedTokenIsNeverKept() {
        CountingParser parser = new CountingParser();
        VerifiedTokens tokens = new VerifiedTokens(parser);
        String forged = token(nowSeconds() + 3600, new SecretKeySpec(
                "another-secret-another-secret-another-secret".getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        long now = System.currentTimeMillis();
        assertThrows(AuthenticationFailedException.class, () -> tokens.verify(forged, now));
        assertThrows(AuthenticationFailedException.class, () -> tokens.verify(forged, now));
        assertEquals(2, parser.parsed);
    }

    @Test
    void aTokenIsKeptNoLongerThanItsExpiry() {
        assertEquals(5_000_000L, VerifiedTokens.until(4_990_000L, 5_000), "exp first");
        assertEquals(1_000L + VerifiedTokens.TTL_MS, VerifiedTokens.until(1_000L, 10_000_000), "the TTL first");
        CountingParser parser = new CountingParser();
        VerifiedTokens tokens = new VerifiedTokens(parser);
        long exp = nowSeconds() + 2;
        String raw = token(exp, KEY);
        tokens.verify(raw, System.currentTimeMillis());
        tokens.verify(raw, exp * 1000);
        assertEquals(2, parser.parsed, "at its exp the token is verified again (and the parser decides)");
    }
}

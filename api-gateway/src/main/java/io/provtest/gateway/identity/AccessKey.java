package io.provtest.gateway.identity;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.time.Instant;
import java.util.UUID;

/** An access key as shown. {@code token} is present only in the answer to its creation. */
@JsonInclude(JsonInclude.Include.NON_ABSENT)
public record AccessKey(UUID id, UUID customerId, String name, String detail, String tokenHint, String token,
                        Instant tmExpire, Instant tmCreate, Instant tmUpdate, Instant tmDelete) {

    AccessKey withToken(String plain) {
        return new AccessKey(id, customerId, name, detail, tokenHint, plain, tmExpire, tmCreate, tmUpdate, tmDelete);
    }
}

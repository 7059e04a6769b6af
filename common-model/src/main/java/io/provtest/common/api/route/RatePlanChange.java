package io.provtest.common.api.route;

import java.util.UUID;

/** {@code PUT /v1/billing_accounts/{id}}: the live rate plan the account is charged by (required). */
public record RatePlanChange(UUID ratePlanId) {
}

package io.provtest.common.api.route;

import java.math.BigDecimal;
import java.util.UUID;

/** {@code POST /v1/billing_accounts/{id}/balance_…_force}: the amount (> 0, route-manager checks) and who did it. */
public record BalanceChange(BigDecimal balance, UUID createdBy) {
}

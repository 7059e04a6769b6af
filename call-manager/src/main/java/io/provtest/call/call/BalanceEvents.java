package io.provtest.call.call;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.event.EventEnvelope;
import io.provtest.common.json.Json;
import io.provtest.common.request.Ids;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * route-manager's {@code billing_account_updated} (a super-admin's top-up, subtraction or new plan), on this
 * instance's own exclusive, auto-deleted queue, so every replica hears it for the calls it holds (see
 * application.properties): the customer's answered calls here are judged again ({@link CallLifecycle#balanceChanged}).
 * Runs on the event loop: it only hands work to the calls' lanes; a bad message is logged and acknowledged.
 */
@ApplicationScoped
public class BalanceEvents {

    private static final Logger LOG = Logger.getLogger(BalanceEvents.class);

    private final CallLifecycle lifecycle;
    private final CallAllowances allowances;

    public BalanceEvents(CallLifecycle lifecycle, CallAllowances allowances) {
        this.lifecycle = lifecycle;
        this.allowances = allowances;
    }

    @Incoming("billing-events")
    public void onBillingMessage(byte[] payload) {
        UUID customerId;
        try {
            EventEnvelope event = Json.MAPPER.readValue(payload, EventEnvelope.class);
            JsonNode data = event.data();
            customerId = data == null ? null : Ids.parseId(data.path("customer_id").asText(""));
        } catch (Exception e) {
            LOG.warnf("a billing event was unreadable and is skipped: %s", e.getMessage());
            return;
        }
        if (customerId != null) {
            allowances.forget(customerId);
            lifecycle.balanceChanged(customerId);
        }
    }
}

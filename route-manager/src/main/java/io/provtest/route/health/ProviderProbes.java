package io.provtest.route.health;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.event.EventEnvelope;
import io.provtest.common.json.Json;
import io.provtest.common.request.Ids;
import io.provtest.common.request.RequestIds;
import io.provtest.common.rpc.RpcContext;
import io.smallrye.reactive.messaging.annotations.Blocking;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.UUID;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * call-manager's {@code provider_probed} events, on the SmallRye RabbitMQ channel {@value #CHANNEL} (the durable
 * queue {@code route-manager.provider-probes} shared by every replica, bound to {@code call-manager.events}; see
 * application.properties).
 *
 * <p>Handled on a worker thread, one at a time ({@code @Blocking}, ordered), since recording a result is a database
 * transaction awaited through {@code Db}. The handler never throws: an event it cannot use is logged and
 * acknowledged (events are notifications; a later probe brings the next result). The events it causes carry the
 * probe's request id, or a new one when the probe came without.
 */
@ApplicationScoped
public class ProviderProbes {

    public static final String CHANNEL = "provider-probes";
    private static final Logger LOG = Logger.getLogger(ProviderProbes.class);

    private final ProviderHealthService health;

    public ProviderProbes(ProviderHealthService health) {
        this.health = health;
    }

    @Incoming(CHANNEL)
    @Blocking
    public void onProbed(byte[] body) {
        EventEnvelope event;
        try {
            event = Json.MAPPER.readValue(body, EventEnvelope.class);
        } catch (Exception e) {
            LOG.warnf("an unreadable message on %s was dropped: %s", CHANNEL, e.getMessage());
            return;
        }
        try (RpcContext.Scope ignored = RpcContext.open(RequestIds.echoOrGenerate(event.requestId()), null)) {
            ProviderHealthService.ProbeResult result = parse(event.data());
            if (result != null) {
                health.record(result);
            }
        } catch (Exception | LinkageError e) {
            LOG.warnf(e, "provider_probed event not handled");
        }
    }

    /** The probe in an event's data, or null when it names no provider. */
    static ProviderHealthService.ProbeResult parse(JsonNode data) {
        if (data == null || !Ids.isUuid(data.path("provider_id").asText(null))) {
            return null;
        }
        Integer code = data.path("status_code").isInt() ? data.get("status_code").asInt() : null;
        Double rtt = data.path("rtt_ms").isNumber() ? data.get("rtt_ms").asDouble() : null;
        return new ProviderHealthService.ProbeResult(UUID.fromString(data.get("provider_id").asText()),
                data.path("hostname").asText(""), new HealthPolicy.Probe(code, rtt));
    }
}

package io.provtest.call.provider;

import io.provtest.call.health.ProviderProber;
import io.provtest.common.event.EventEnvelope;
import io.provtest.common.json.Json;
import jakarta.enterprise.context.ApplicationScoped;
import org.eclipse.microprofile.reactive.messaging.Incoming;
import org.jboss.logging.Logger;

/**
 * route-manager's provider events ({@code provider_created|updated|deleted}), on this instance's own exclusive,
 * auto-deleted queue, so every replica hears every change (see application.properties): the prober learns whom to
 * ping, the provider cache forgets what changed. Runs on the event loop: both only update maps, never block, and a
 * bad message is logged and acknowledged, never redelivered for ever.
 */
@ApplicationScoped
public class ProviderEvents {

    private static final Logger LOG = Logger.getLogger(ProviderEvents.class);

    private final ProviderProber prober;
    private final ProviderCache cache;

    public ProviderEvents(ProviderProber prober, ProviderCache cache) {
        this.prober = prober;
        this.cache = cache;
    }

    @Incoming("provider-events")
    public void onProviderMessage(byte[] payload) {
        EventEnvelope event;
        try {
            event = Json.MAPPER.readValue(payload, EventEnvelope.class);
        } catch (Exception e) {
            LOG.warnf("a provider event was unreadable and is skipped: %s", e.getMessage());
            return;
        }
        cache.onProviderEvent(event);
        prober.onProviderEvent(event);
    }
}

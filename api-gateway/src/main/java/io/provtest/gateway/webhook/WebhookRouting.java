package io.provtest.gateway.webhook;

import com.rabbitmq.client.BuiltinExchangeType;
import com.rabbitmq.client.Channel;
import io.provtest.common.amqp.Broker;
import io.provtest.common.amqp.KeptChannel;
import io.provtest.common.db.Db;
import io.provtest.common.event.EventEnvelope;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import org.jboss.logging.Logger;

/**
 * Has the broker deliver to the webhook queues only the events of customers who have a webhook, so that the
 * platform's call traffic does not pass through the gateway (until 2026-12-02 every call event did: three per call,
 * dropped here one by one for customers without a webhook, about a tenth of a core at 150 calls/s).
 *
 * <p>Per source exchange, a {@link Route}:
 * <pre>
 * call-manager.events ──(each webhook event type)──▶ api-gateway.webhook-call-events.customers   (headers)
 *     ──(one binding per customer with a webhook: x-match all, customer_id = its id)──▶
 * api-gateway.webhook-call-events (fanout) ──▶ queue api-gateway.webhook-call-events (the intake's channel)
 * </pre>
 * Publishers put {@code data.customer_id} in the header {@value EventEnvelope#CUSTOMER_HEADER} (common-model's
 * {@code MessagingEventPublisher}); an event without it reaches no webhook.
 *
 * <p>The bindings follow the customers' table: a create, update or delete through this replica binds or unbinds at
 * once (after its commit); every {@code webhook.routing-check-interval} (30 s) the set with a webhook is read again,
 * and what differs from what this replica bound is bound or unbound (a change made through another replica, a bind
 * the broker refused). Each check also removes the webhook queues' bindings straight to the source exchanges that
 * earlier versions made (see {@link #removeDirectBindings()}). Bindings are shared by every replica and binding
 * twice is one binding. One that outlives its customer's webhook while no replica knew of it (a change made in the
 * database directly), or an event queued before a webhook was removed, only reaches the intake, whose insert takes
 * the customer's webhook as stored and queues nothing for a customer without one.
 */
@Singleton
public class WebhookRouting {

    /** Where a source's webhook events go: the source, the types taken, the fanout exchange the queue is bound to. */
    record Route(String source, List<String> types, String deliveries) {
        /** The headers exchange that holds one binding per customer with a webhook. */
        String customers() {
            return deliveries + ".customers";
        }
    }

    /** The events customers receive; providercall_report_ready is taken by name from both sources. */
    static final List<Route> ROUTES = List.of(
            new Route("call-manager.events", List.of("call_ringing", "call_progressing", "call_hangup",
                    "groupcall_created", "groupcall_progressing", "groupcall_hangup", "groupcall_deleted",
                    "providercall_report_ready"), "api-gateway.webhook-call-events"),
            new Route("route-manager.events", List.of("providercall_created", "providercall_report_ready"),
                    "api-gateway.webhook-providercall-events"));

    private static final Logger LOG = Logger.getLogger(WebhookRouting.class);

    private final Broker broker;
    private final Supplier<List<UUID>> hooked;
    private final List<Route> routes;
    private final Duration checkInterval;
    /** The customers this replica bound (on every route). */
    private final Set<UUID> bound = new HashSet<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "webhook-routing");
        t.setDaemon(true);
        return t;
    });
    private KeptChannel channel;

    @Inject
    public WebhookRouting(Broker broker, WebhookConfig config) {
        this(broker, WebhookRouting::readHooked, ROUTES, config.routingCheckInterval());
    }

    WebhookRouting(Broker broker, Supplier<List<UUID>> hooked, List<Route> routes, Duration checkInterval) {
        this.broker = broker;
        this.hooked = hooked;
        this.routes = routes;
        this.checkInterval = checkInterval;
    }

    void onStart(@Observes StartupEvent event) {
        start();
    }

    void onStop(@Observes ShutdownEvent event) {
        timer.shutdownNow();
    }

    /** The customers with a webhook, as stored now. */
    static List<UUID> readHooked() {
        return Db.read(() -> Panache.getSession().chain(s -> s.createNativeQuery(
                "select id from api_gateway.customer where webhook_uri <> '' and tm_delete is null",
                UUID.class).getResultList()));
    }

    /** Declares the exchanges and their bindings, then binds the customers with a webhook, now and periodically. */
    void start() {
        channel = broker.keep("webhook routing", this::declare);
        timer.scheduleWithFixedDelay(this::checkQuietly, 0, checkInterval.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** After a customer's create, update or delete committed through this replica. Never throws. */
    public synchronized void customerChanged(UUID customerId, boolean hasWebhook) {
        try {
            if (hasWebhook) {
                bind(customerId);
            } else {
                unbind(customerId);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warnf("the webhook routing of customer %s was not changed now (%s); the next check does it",
                    customerId, e.getMessage());
        }
    }

    /**
     * Binds whoever has a webhook and is not bound by this replica, unbinds whom it bound and has none now, and
     * removes the queues' direct bindings again (a gateway of an earlier version that reconnects during a rolling
     * upgrade makes them anew).
     */
    synchronized void check() throws IOException {
        channel.get(); // declares the exchanges at the first check, whoever has a webhook
        removeDirectBindings();
        Set<UUID> wanted = Set.copyOf(hooked.get());
        for (UUID customer : wanted) {
            if (!bound.contains(customer)) {
                bind(customer);
            }
        }
        for (UUID customer : List.copyOf(bound)) {
            if (!wanted.contains(customer)) {
                unbind(customer);
            }
        }
    }

    private void checkQuietly() {
        try {
            check();
        } catch (IOException | RuntimeException e) {
            LOG.warnf("the webhook routing was not checked (%s); it is tried again in %s", e.getMessage(),
                    checkInterval);
        }
    }

    private void declare(Channel c) throws IOException {
        for (Route route : routes) {
            c.exchangeDeclare(route.source(), BuiltinExchangeType.TOPIC, true);
            c.exchangeDeclare(route.customers(), BuiltinExchangeType.HEADERS, true);
            c.exchangeDeclare(route.deliveries(), BuiltinExchangeType.FANOUT, true);
            for (String type : route.types()) {
                c.exchangeBind(route.customers(), route.source(), type);
            }
        }
    }

    /**
     * Before 2026-12-02 each webhook queue was bound to its source by event type, and so took every customer's
     * events: those bindings go (unbinding one that is not there is no error). On a channel of its own, since a
     * queue that does not exist yet (a new broker) makes the broker close the channel that asked.
     */
    private void removeDirectBindings() {
        for (Route route : routes) {
            try (Channel c = broker.newChannel()) {
                c.queueDeclarePassive(route.deliveries());
                for (String type : route.types()) {
                    c.queueUnbind(route.deliveries(), route.source(), type);
                }
            } catch (IOException | RuntimeException | TimeoutException e) {
                LOG.debugf("no direct bindings of %s removed: %s", route.deliveries(), e.getMessage());
            }
        }
    }

    private void bind(UUID customer) throws IOException {
        Channel c = channel.get();
        for (Route route : routes) {
            c.exchangeBind(route.deliveries(), route.customers(), "", match(customer));
        }
        bound.add(customer);
    }

    private void unbind(UUID customer) throws IOException {
        Channel c = channel.get();
        for (Route route : routes) {
            c.exchangeUnbind(route.deliveries(), route.customers(), "", match(customer));
        }
        bound.remove(customer);
    }

    /** Pure: the binding arguments that take one customer's events. */
    static Map<String, Object> match(UUID customer) {
        return Map.of("x-match", "all", EventEnvelope.CUSTOMER_HEADER, customer.toString());
    }
}

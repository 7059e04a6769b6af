package io.provtest.common.rpc;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Delivery;
import io.provtest.common.amqp.Broker;
import io.provtest.common.json.Json;
import io.quarkus.runtime.ShutdownEvent;
import io.quarkus.runtime.StartupEvent;
import jakarta.annotation.Priority;
import jakarta.enterprise.event.Observes;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Singleton;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.jboss.logging.Logger;

/**
 * Serves the durable queue {@code <service>.request}. A request is handled on a worker thread, replied to, and only
 * then acknowledged, so a crash mid-way redelivers it. A message that is not even an envelope goes to the
 * dead-letter queue {@code <service>.request.dead} rather than round the loop forever.
 */
@Singleton
public class AmqpRpcServer {

    private static final Logger LOG = Logger.getLogger(AmqpRpcServer.class);

    private final Broker broker;
    private final RpcConfig config;
    private final RpcRouter router = new RpcRouter();
    private final RpcDispatcher dispatcher = new RpcDispatcher(router);
    private ExecutorService workers;
    private Channel channel;

    public AmqpRpcServer(Broker broker, RpcConfig config, Instance<RpcRoutes> routes) {
        this.broker = broker;
        this.config = config;
        routes.forEach(r -> r.register(router));
    }

    public String requestQueue() {
        return config.serviceName() + ".request";
    }

    void onStart(@Observes @Priority(30) StartupEvent event) throws IOException {
        if (!config.server().enabled()) {
            return;
        }
        AtomicInteger n = new AtomicInteger();
        workers = Executors.newFixedThreadPool(config.server().workers(), r -> {
            Thread t = new Thread(r, "rpc-worker-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        channel = broker.newChannel();
        String queue = requestQueue();
        String deadLetters = queue + ".dead";
        channel.queueDeclare(deadLetters, true, false, false, null);
        channel.queueDeclare(queue, true, false, false,
                Map.of("x-dead-letter-exchange", "", "x-dead-letter-routing-key", deadLetters));
        channel.basicQos(config.server().prefetch());
        channel.basicConsume(queue, false, (tag, delivery) -> workers.execute(() -> process(delivery)), tag -> { });
        if (config.server().instanceQueue().isPresent()) {
            String own = config.server().instanceQueue().get();
            channel.queueDeclare(own, false, false, true, null);
            channel.basicConsume(own, false, (tag, delivery) -> workers.execute(() -> process(delivery)), tag -> { });
            LOG.infof("also serving this instance's queue %s", own);
        }
        LOG.infof("serving %s with %d routes: %s", queue, router.describe().size(), router.describe());
    }

    void onStop(@Observes ShutdownEvent event) throws InterruptedException {
        if (workers != null) {
            workers.shutdown();
            workers.awaitTermination(5, TimeUnit.SECONDS);
        }
    }

    private void process(Delivery delivery) {
        long tag = delivery.getEnvelope().getDeliveryTag();
        RpcRequest request;
        try {
            request = Json.MAPPER.readValue(delivery.getBody(), RpcRequest.class);
        } catch (IOException | RuntimeException e) {
            LOG.warnf("unparseable message on %s sent to the dead-letter queue: %s", requestQueue(), e.getMessage());
            settle(() -> channel.basicReject(tag, false));
            return;
        }
        if (request.deadline() != null && System.currentTimeMillis() > request.deadline()) {
            LOG.warnf("dropped %s %s: its caller gave up before it was picked up", request.method(), request.uri());
            settle(() -> channel.basicAck(tag, false));
            return;
        }
        RpcResponse response;
        try (RpcContext.Scope ignored = RpcContext.open(request.requestId(), request.deadline())) {
            response = dispatcher.dispatch(request);
        }
        String replyTo = delivery.getProperties().getReplyTo();
        byte[] body = Json.bytes(response);
        AMQP.BasicProperties props = new AMQP.BasicProperties.Builder()
                .correlationId(delivery.getProperties().getCorrelationId())
                .contentType("application/json")
                .build();
        settle(() -> {
            if (replyTo != null && !replyTo.isEmpty()) {
                channel.basicPublish("", replyTo, props, body);
            }
            channel.basicAck(tag, false);
        });
    }

    private void settle(ChannelWork work) {
        try {
            synchronized (channel) {
                work.run();
            }
        } catch (IOException | RuntimeException e) {
            // The connection went down mid-reply: the unacked request is redelivered once it recovers.
            LOG.warnf("could not settle a request on %s: %s", requestQueue(), e.getMessage());
        }
    }

    private interface ChannelWork {
        void run() throws IOException;
    }
}

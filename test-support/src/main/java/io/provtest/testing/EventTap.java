package io.provtest.testing;

import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;

/**
 * Listens on a service's events exchange through the real broker, the way another service would, so a test can
 * assert that an event was really published.
 */
public final class EventTap implements AutoCloseable {

    private final Connection connection;
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final Map<String, Map<String, Object>> headers = new ConcurrentHashMap<>();

    public EventTap(String host, int port, String user, String password, String vhost, String exchange) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(host);
        factory.setPort(port);
        factory.setUsername(user);
        factory.setPassword(password);
        factory.setVirtualHost(vhost);
        connection = factory.newConnection("event-tap");
        Channel channel = connection.createChannel();
        channel.exchangeDeclare(exchange, "topic", true);
        String queue = channel.queueDeclare().getQueue();
        channel.queueBind(queue, exchange, "#");
        channel.basicConsume(queue, true, (tag, delivery) -> {
            String body = new String(delivery.getBody(), StandardCharsets.UTF_8);
            Map<String, Object> these = delivery.getProperties().getHeaders();
            headers.putIfAbsent(body, these == null ? Map.of() : Map.copyOf(these));
            received.add(body);
        }, tag -> { });
    }

    /** A tap on the broker the application under test is connected to. */
    public static EventTap onTestBroker(String exchange) throws Exception {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        return new EventTap(config.getValue("broker.host", String.class), config.getValue("broker.port", Integer.class),
                config.getValue("broker.username", String.class), config.getValue("broker.password", String.class),
                config.getValue("broker.virtual-host", String.class), exchange);
    }

    /** The first received event body matching the predicate, waiting up to the timeout; null if none came. */
    public String await(Predicate<String> matching, Duration timeout) throws InterruptedException {
        long until = System.currentTimeMillis() + timeout.toMillis();
        while (System.currentTimeMillis() < until) {
            for (String body : received) {
                if (matching.test(body)) {
                    return body;
                }
            }
            Thread.sleep(20);
        }
        return null;
    }

    /**
     * An AMQP header of the first received event with this body, as text (the broker hands string headers over as
     * LongString); null when that event came without it or no such event came.
     */
    public String header(String body, String name) {
        Object value = headers.getOrDefault(body, Map.of()).get(name);
        return value == null ? null : value.toString();
    }

    public List<String> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}

package io.provtest.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import io.provtest.common.amqp.Broker;
import io.quarkus.arc.Arc;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * Answers another service's request queue on the real broker, for a component test of one service whose
 * neighbours are not running. The queue is declared exactly as the real service declares it.
 */
public final class StandInService implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    /** One request as received: method, uri, data and the request id it carries (null when none). */
    public record Received(String method, String uri, JsonNode data, String requestId) {
    }

    private final Connection connection;
    private final List<Received> received = new CopyOnWriteArrayList<>();

    /** {@code answer} returns the reply envelope's {@code status_code} and {@code data}/{@code error} as a tree. */
    public StandInService(String service, Function<Received, ObjectNode> answer) throws Exception {
        var config = org.eclipse.microprofile.config.ConfigProvider.getConfig();
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost(config.getValue("broker.host", String.class));
        factory.setPort(config.getValue("broker.port", Integer.class));
        factory.setUsername(config.getValue("broker.username", String.class));
        factory.setPassword(config.getValue("broker.password", String.class));
        factory.setVirtualHost(config.getValue("broker.virtual-host", String.class));
        connection = factory.newConnection("stand-in-" + service);
        Channel channel = connection.createChannel();
        String queue = service + ".request";
        // the application's Broker: the same queue layout, and the same replacement of an outdated declaration
        Broker broker = Arc.container().instance(Broker.class).get();
        broker.declare(channel, broker.queues().requestQueue(queue));
        channel.queuePurge(queue);
        channel.basicConsume(queue, true, (tag, delivery) -> {
            JsonNode request = JSON.readTree(delivery.getBody());
            Received r = new Received(request.path("method").asText(), request.path("uri").asText(), request.get("data"),
                    request.hasNonNull("request_id") ? request.get("request_id").asText() : null);
            received.add(r);
            byte[] reply = JSON.writeValueAsBytes(answer.apply(r));
            channel.basicPublish("", delivery.getProperties().getReplyTo(), new AMQP.BasicProperties.Builder()
                    .correlationId(delivery.getProperties().getCorrelationId()).build(), reply);
        }, tag -> { });
    }

    public static ObjectNode ok(Object data) {
        ObjectNode reply = JSON.createObjectNode().put("status_code", 200);
        reply.set("data", JSON.valueToTree(data));
        return reply;
    }

    public static ObjectNode error(int code, String status, String reason, String message) {
        ObjectNode reply = JSON.createObjectNode().put("status_code", code);
        reply.putObject("error").put("status", status).put("reason", reason).put("message", message);
        return reply;
    }

    public List<Received> received() {
        return List.copyOf(received);
    }

    @Override
    public void close() throws Exception {
        connection.close();
    }
}

package io.provtest.route.health;

import com.rabbitmq.client.AMQP;
import com.rabbitmq.client.Channel;
import io.provtest.common.amqp.Broker;
import io.provtest.common.json.Json;
import java.util.HashMap;
import java.util.Map;

/** Publishes a {@code provider_probed} event on the real broker, the way call-manager's prober does. */
final class ProbedEvents {

    private ProbedEvents() {
    }

    /** {@code code} null: the probe got no answer. */
    static void probed(Broker broker, String id, String hostname, Integer code, Double rtt) throws Exception {
        Map<String, Object> data = new HashMap<>();
        data.put("provider_id", id);
        data.put("hostname", hostname);
        data.put("status_code", code);
        data.put("timeout", code == null);
        data.put("rtt_ms", rtt);
        Channel channel = broker.newChannel();
        try {
            channel.exchangeDeclare("call-manager.events", "topic", true);
            channel.basicPublish("call-manager.events", "provider_probed", new AMQP.BasicProperties(),
                    Json.bytes(Map.of("type", "provider_probed", "publisher", "call-manager", "data", data)));
        } finally {
            channel.close();
        }
    }
}

package io.provtest.deploy;

import static io.provtest.deploy.Chart.sets;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** values.schema.json and the templates' own checks refuse nonsense before anything reaches a cluster. */
class ValuesSchemaTest {

    static Stream<Arguments> nonsense() {
        return Stream.of(
                Arguments.of(sets("gateway.replicas", 0), "replicas"),
                Arguments.of(sets("callManager.replicas", -1), "replicas"),
                Arguments.of(sets("routeManager.replicas", "two"), "replicas"),
                Arguments.of(sets("database.existingSecret", ""), "existingSecret"),
                Arguments.of(sets("broker.existingSecret", ""), "existingSecret"),
                Arguments.of(sets("jwt.existingSecret", ""), "existingSecret"),
                Arguments.of(sets("broker.queueType", "mirrored"), "queueType"),
                Arguments.of(sets("image.tag", "latest"), "tag"),
                Arguments.of(sets("database.port", 70000), "port"),
                Arguments.of(sets("broker.deadLetterTtl", "forever"), "deadLetterTtl"),
                Arguments.of(sets("callManager.rtp.portMin", 30000, "callManager.rtp.portMax", 20000), "portMin"),
                Arguments.of(sets("callManager.hostNetwork", false, "callManager.rtp.portMax", 29998), "1000"),
                Arguments.of(sets("gateway.autoscaling.maxReplicas", 1), "maxReplicas"),
                Arguments.of(sets("networkPolicy.carrierCidrs", "{}"), "carrierCidrs"),
                Arguments.of(sets("gatewy.replicas", 2), "gatewy"),
                Arguments.of(sets("callManager.drainTimeoutSeconds", 110), "drainTimeoutSeconds"),
                Arguments.of(sets("callManager.lease.ttl", "forever"), "ttl"),
                Arguments.of(sets("gateway.webhook.senders", 0), "senders"),
                Arguments.of(sets("gateway.webhook.giveUpAfter", "1 day"), "giveUpAfter"),
                Arguments.of(sets("routeManager.billing.currency", "dollars"), "currency"),
                Arguments.of(sets("routeManager.health.aliveCodes", "ok"), "aliveCodes"),
                Arguments.of(sets("callManager.recording.enabled", "yes"), "enabled"),
                Arguments.of(sets("callManager.call.engineThreads", 0), "engineThreads"),
                Arguments.of(sets("callManager.play.alowedHosts", ""), "alowedHosts"),
                Arguments.of(sets("routeManager.providercall.staleServing", "soon"), "staleServing"),
                Arguments.of(sets("routeManager.providercall.stalePending", "15s"), "stalePending"),
                Arguments.of(sets("routeManager.providercall.stalePending", "10000ms"), "stalePending"),
                Arguments.of(sets("gateway.rpcTimeout", "1m"), "stalePending"),
                Arguments.of(sets("gateway.webhook.secretKey.existingSecret", "Not_A_Name"), "existingSecret"),
                Arguments.of(sets("addressRules.sipAllowedHosts", "a b"), "sipAllowedHosts"),
                Arguments.of(sets("callManager.outbound.maxLegsPerRequest", 0), "maxLegsPerRequest"),
                Arguments.of(sets("callManager.tts.timeout", "long"), "timeout"));
    }

    @ParameterizedTest
    @MethodSource("nonsense")
    void isRefused(Map<String, Object> values, String named) {
        Exception refused = assertThrows(Exception.class, () -> Chart.template(values), String.valueOf(values));
        assertTrue(String.valueOf(refused.getMessage()).contains(named), refused.getMessage());
    }
}

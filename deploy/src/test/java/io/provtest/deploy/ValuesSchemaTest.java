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
                Arguments.of(sets("gatewy.replicas", 2), "gatewy"));
    }

    @ParameterizedTest
    @MethodSource("nonsense")
    void isRefused(Map<String, Object> values, String named) {
        Exception refused = assertThrows(Exception.class, () -> Chart.template(values), String.valueOf(values));
        assertTrue(String.valueOf(refused.getMessage()).contains(named), refused.getMessage());
    }
}

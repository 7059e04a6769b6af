package io.provtest.call.instance;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;

class InstanceIdentityTest {

    @Test
    void thePodNameWins() {
        assertEquals("call-manager-1", InstanceIdentity.derive(Map.of("POD_NAME", "call-manager-1",
                "HOSTNAME", "other", "KUBERNETES_SERVICE_HOST", "10.0.0.1"), "node-7", "abcd"));
    }

    @Test
    void insideAPodTheHostnameIsThePodName() {
        assertEquals("provtest-call-manager-0", InstanceIdentity.derive(Map.of("HOSTNAME", "provtest-call-manager-0",
                "KUBERNETES_SERVICE_HOST", "10.0.0.1"), "ignored", "abcd"));
    }

    @Test
    void outsideKubernetesTheHostnameVariableIsIgnoredAndTheSuffixTellsProcessesApart() {
        Map<String, String> shell = Map.of("HOSTNAME", "laptop");
        String first = InstanceIdentity.derive(shell, "Laptop.Local", "0a1b2c3d");
        String second = InstanceIdentity.derive(shell, "Laptop.Local", "9f8e7d6c");
        assertEquals("laptop.local-0a1b2c3d", first);
        assertNotEquals(first, second, "two processes on one machine never share an id");
    }

    @Test
    void anUnknownHostStillGetsAnId() {
        assertEquals("cm-0a1b2c3d", InstanceIdentity.derive(Map.of(), null, "0a1b2c3d"));
        assertEquals("cm-0a1b2c3d", InstanceIdentity.derive(Map.of("POD_NAME", " "), "", "0a1b2c3d"));
    }

    @Test
    void oddCharactersAndLongNamesAreMadeQueueFriendlyAndTheSuffixIsKept() {
        String id = InstanceIdentity.derive(Map.of(), "Host With Spaces_and_" + "x".repeat(100), "0a1b2c3d");
        assertTrue(id.length() <= InstanceIdentity.MAX_LENGTH, id);
        assertTrue(id.startsWith("host-with-spaces-and-x"), id);
        assertTrue(id.endsWith("-0a1b2c3d"), id);
        assertTrue(id.matches("[a-z0-9.-]+"), id);
    }

    @Test
    void theProcessKeepsItsIdForItsWholeLife() {
        assertEquals(InstanceIdentity.ofThisProcess(), InstanceIdentity.ofThisProcess());
        assertEquals(InstanceIdentity.ofThisProcess(), new InstanceIdConfigSource().getValue("call.instance-id"));
    }
}

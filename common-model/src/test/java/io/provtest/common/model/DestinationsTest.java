package io.provtest.common.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

class DestinationsTest {

    private static Address address(String type, String target) {
        return new Address(type, target, null, null, null);
    }

    @Test
    void telSipAndAgentDestinationsCanBeRung() {
        assertNull(Destinations.problem(address("tel", "+82 10-1234-5678")));
        assertNull(Destinations.problem(address("sip", "sip:desk@pbx.example:5070")));
        assertNull(Destinations.problem(address("agent", "5e4a0680-804e-11ec-8477-2fea5968d85b")));
    }

    @Test
    void aBadTargetOrAnUnknownTypeIsNamedByPart() {
        assertEquals("target", Destinations.problem(address("tel", "12345")).part());
        assertEquals("target", Destinations.problem(address("sip", "no-host")).part());
        assertEquals("target", Destinations.problem(address("agent", "bob")).part());
        assertEquals("target", Destinations.problem(address("sip", "desk@pbx.example;maddr=10.0.0.1")).part());
        assertEquals("target", Destinations.problem(address("sip", "desk@pbx.example?Route=x")).part());
        assertEquals("type", Destinations.problem(address("extension", "2001")).part());
        assertEquals("type", Destinations.problem(address("conference", "x")).part());
        assertEquals("type", Destinations.problem(address(null, "x")).part());
    }

    @Test
    void onlyTelNumbersAreRewritten() {
        assertEquals("+821012345678", Destinations.normalised(address("tel", "+82 10-1234-5678")).target());
        Address sip = address("sip", "desk@pbx.example");
        assertEquals(sip, Destinations.normalised(sip));
    }
}

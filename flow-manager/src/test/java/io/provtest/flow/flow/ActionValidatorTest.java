package io.provtest.flow.flow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.address.AllowList;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ActionValidatorTest {

    private static JsonNode play(String... urls) {
        return Json.tree(List.of(Map.of("type", "play", "option", Map.of("stream_urls", List.of(urls)))));
    }

    @ParameterizedTest
    @ValueSource(strings = {"http://127.0.0.1/a.wav", "http://10.0.0.1/a.wav", "https://192.168.1.10/a.wav",
            "http://100.64.0.1/a.wav", "http://169.254.169.254/", "http://[::1]/a.wav", "http://[fe80::1]/a.wav",
            "http://[fd00:ec2::254]/", "http://[::ffff:10.0.0.1]/a.wav", "http://0.0.0.0/a.wav", "http://224.0.0.1/"})
    void aLiteralInARefusedRangeIsDestinationNotAllowed(String url) {
        ServiceException e = assertThrows(ServiceException.class,
                () -> ActionValidator.validate(play("https://media.example/ok.wav", url), AllowList.NONE));
        assertEquals("DESTINATION_NOT_ALLOWED", e.error().reason());
        assertEquals(400, e.httpStatus());
        assertEquals("actions[0].option.stream_urls[1]", e.error().details().get(0).field());
    }

    @Test
    void theAllowListMakesExactExceptions() {
        AllowList local = AllowList.parse("127.0.0.1");
        ActionValidator.validate(play("http://127.0.0.1:8000/a.wav"), local);
        assertEquals("DESTINATION_NOT_ALLOWED", assertThrows(ServiceException.class,
                () -> ActionValidator.validate(play("http://127.0.0.2:8000/a.wav"), local)).error().reason());
        ActionValidator.validate(play("http://10.0.0.1:8000/a.wav"), AllowList.parse("10.0.0.1:8000"));
        assertThrows(ServiceException.class,
                () -> ActionValidator.validate(play("http://10.0.0.1:8001/a.wav"), AllowList.parse("10.0.0.1:8000")));
    }

    @Test
    void namesAndPublicAddressesPassAtCreation() {
        // a name is resolved and judged when call-manager fetches it
        ActionValidator.validate(play("https://media.example/a.wav", "http://8.8.8.8/a.wav"), AllowList.NONE);
    }

    @ParameterizedTest
    @ValueSource(strings = {"ftp://media.example/a.wav", "file:///etc/passwd", "http://exa_mple.com/a.wav",
            "http://public.example@10.0.0.1/a.wav", "http://2130706433/a.wav", "not a url"})
    void otherSchemesAndDisguisedHostsAreInvalidActions(String url) {
        ServiceException e = assertThrows(ServiceException.class,
                () -> ActionValidator.validate(play(url), AllowList.NONE));
        assertEquals("INVALID_ACTION", e.error().reason());
    }
}

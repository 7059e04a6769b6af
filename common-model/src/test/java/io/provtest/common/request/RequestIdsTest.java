package io.provtest.common.request;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class RequestIdsTest {

    @Test
    void acceptableIdsAreEchoed() {
        assertEquals("abc-DEF_123", RequestIds.echoOrGenerate("abc-DEF_123"));
        assertEquals("x".repeat(64), RequestIds.echoOrGenerate("x".repeat(64)));
    }

    @Test
    void otherIdsAreReplacedByReqPlus26Base32() {
        for (String bad : new String[] {null, "", "x".repeat(65), "has space", "semi;colon", "ünï"}) {
            String id = RequestIds.echoOrGenerate(bad);
            assertTrue(id.matches("req_[A-Z2-7]{26}"), id);
        }
        assertNotEquals(RequestIds.generate(), RequestIds.generate());
    }

    @Test
    void onlyCanonicalUuidsAreIds() {
        assertTrue(Ids.isUuid("4dbeabd6-f397-4375-95d2-a38411e07ed1"));
        assertFalse(Ids.isUuid("1-1-1-1-1"));
        assertFalse(Ids.isUuid("4dbeabd6f3974375-95d2-a38411e07ed1"));
    }
}

package io.provtest.testing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LocalInfraTest {

    @TempDir
    Path state;

    private LocalInfra infra(Map<String, String> env) {
        Map<String, String> all = new HashMap<>(env);
        all.put("PROVTEST_STATE_DIR", state.toString());
        return LocalInfra.from(all::get);
    }

    private void writeCredentials() throws IOException {
        Files.writeString(state.resolve(LocalInfra.PG_CREDENTIALS), "username=provtest\npassword=pg=Secret1\n");
        Files.writeString(state.resolve(LocalInfra.RABBITMQ_CREDENTIALS), "username=broker\npassword=mqSecret2\n");
    }

    @Test
    void credentialsComeFromTheStateFolderFiles() throws IOException {
        writeCredentials();
        LocalInfra infra = infra(Map.of());
        assertEquals("provtest", infra.pgUser());
        assertEquals("pg=Secret1", infra.pgPassword());
        assertEquals("broker", infra.rabbitUser());
        assertEquals("mqSecret2", infra.rabbitPassword());
        assertEquals(55432, infra.pgPort());
        assertEquals("provtest-test", infra.rabbitVhost());
    }

    @Test
    void environmentVariablesWinOverTheFiles() throws IOException {
        writeCredentials();
        LocalInfra infra = infra(Map.of("TEST_PG_USER", "other", "TEST_PG_PASSWORD", "fromEnv",
                "TEST_RABBITMQ_PASSWORD", "mqEnv", "TEST_PG_PORT", "55532"));
        assertEquals("other", infra.pgUser());
        assertEquals("fromEnv", infra.pgPassword());
        assertEquals("broker", infra.rabbitUser(), "the file's user with the variable's password is not guessed");
        assertEquals("mqEnv", infra.rabbitPassword());
        assertEquals(55532, infra.pgPort());
    }

    @Test
    void withoutFilesOrVariablesTheErrorSaysWhatToRun() {
        IllegalStateException e = assertThrows(IllegalStateException.class, () -> infra(Map.of()));
        assertTrue(e.getMessage().contains("scripts/infra.sh start"), e.getMessage());
        assertTrue(e.getMessage().contains("TEST_PG_PASSWORD"), e.getMessage());
    }

    @Test
    void thereIsNoDefaultPassword() throws IOException {
        Files.writeString(state.resolve(LocalInfra.PG_CREDENTIALS), "username=provtest\n");
        Files.writeString(state.resolve(LocalInfra.RABBITMQ_CREDENTIALS), "username=broker\npassword=x\n");
        assertThrows(IllegalStateException.class, () -> infra(Map.of()));
    }

    @Test
    void toStringHidesThePasswords() throws IOException {
        writeCredentials();
        String text = infra(Map.of()).toString();
        assertFalse(text.contains("Secret1") || text.contains("mqSecret2"), text);
    }
}

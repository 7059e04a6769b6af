package io.provtest.call.call;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.provtest.call.engine.CallConfig;
import io.provtest.call.media.RecordingStore;
import io.provtest.common.error.ServiceException;
import io.vertx.mutiny.core.Vertx;
import io.vertx.mutiny.pgclient.PgBuilder;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.PoolOptions;
import java.lang.reflect.Proxy;
import java.net.ServerSocket;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * call-manager's request paths that hold their own pool, with the database out of reach: each answers
 * {@code 503 DATABASE_UNAVAILABLE} with a retry hint, never an untyped 500 (a connection closed under a keyed
 * create's claim reached the caller as 500 INTERNAL in a fault run). The pool is a real PostgreSQL client pointed at
 * a port where nothing listens.
 */
class DatabaseOutOfReachTest {

    private final Vertx vertx = Vertx.vertx();
    private final Pool pool = PgBuilder.pool().with(new PoolOptions().setMaxSize(1))
            .connectingTo(new PgConnectOptions().setHost("127.0.0.1").setPort(freePort()).setDatabase("none")
                    .setUser("none").setPassword("none"))
            .using(vertx).build();
    private CreateOnce once;

    private static int freePort() {
        try (ServerSocket free = new ServerSocket(0)) {
            return free.getLocalPort();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }

    @AfterEach
    void close() {
        if (once != null) {
            once.close();
        }
        vertx.closeAndAwait();
    }

    @Test
    void aKeyedCreateWhoseDatabaseIsOutOfReachIsATyped503AndPlacesNothing() {
        CallConfig config = (CallConfig) Proxy.newProxyInstance(CallConfig.class.getClassLoader(),
                new Class<?>[] {CallConfig.class},
                (proxy, method, args) -> "instanceId".equals(method.getName()) ? "test-instance" : null);
        once = new CreateOnce(pool, config, null);
        ObjectNode body = JsonNodeFactory.instance.objectNode().put("request_key", "pc-1");
        AtomicBoolean created = new AtomicBoolean();

        ServiceException refused = assertThrows(ServiceException.class,
                () -> once.serve("/v1/calls", body, () -> created.getAndSet(true)));

        assertEquals(503, refused.httpStatus());
        assertEquals("DATABASE_UNAVAILABLE", refused.error().reason());
        assertEquals(Integer.valueOf(5), refused.error().retryAfterSeconds());
        assertFalse(created.get(), "nothing is placed without the key's claim");
    }

    @Test
    void aRecordingReadWhoseDatabaseIsOutOfReachIsATyped503() {
        RecordingStore recordings = new RecordingStore(pool, null, null);

        ServiceException refused = assertThrows(ServiceException.class,
                () -> recordings.wav(UUID.randomUUID(), 0, 1024));

        assertEquals(503, refused.httpStatus());
        assertEquals("DATABASE_UNAVAILABLE", refused.error().reason());
        assertEquals(Integer.valueOf(5), refused.error().retryAfterSeconds());
    }
}

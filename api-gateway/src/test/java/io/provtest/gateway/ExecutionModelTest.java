package io.provtest.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.smallrye.common.annotation.NonBlocking;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PATCH;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import java.io.IOException;
import java.lang.reflect.Method;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Flow;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The identity services wait for the database ({@code db.Db}), which is allowed on worker threads and refused on
 * an event loop. Quarkus REST runs an endpoint on a worker thread unless it returns a reactive type or is marked
 * {@code @NonBlocking}: this keeps it so, but for the endpoints named in {@link #ON_THE_EVENT_LOOP}, written to wait
 * for nothing (the provider-call create, which held a worker thread per request in flight under load). Authentication's
 * own database reads (an access key, the live agent behind a token) run in Quarkus Security's {@code runBlocking}, on
 * a worker thread too.
 */
class ExecutionModelTest {

    private static final List<Class<?>> REACTIVE_TYPES = List.of(io.smallrye.mutiny.Uni.class,
            io.smallrye.mutiny.Multi.class, CompletionStage.class, Flow.Publisher.class);

    /** Endpoints that return a reactive type on purpose and call nothing that waits ("Class.method"). */
    private static final java.util.Set<String> ON_THE_EVENT_LOOP = java.util.Set.of("ProviderCallResource.create");

    @Test
    void everyEndpointRunsOnAWorkerThreadButTheNamedNonBlockingOnes() throws Exception {
        List<Method> endpoints = new ArrayList<>();
        java.util.Set<String> reactive = new java.util.HashSet<>();
        for (Class<?> type : gatewayClasses()) {
            if (!type.isAnnotationPresent(Path.class)) {
                continue;
            }
            assertFalse(type.isAnnotationPresent(NonBlocking.class), type.getName());
            for (Method m : type.getDeclaredMethods()) {
                if (Stream.of(GET.class, POST.class, PUT.class, DELETE.class, PATCH.class, Path.class)
                        .anyMatch(m::isAnnotationPresent)) {
                    endpoints.add(m);
                    assertFalse(m.isAnnotationPresent(NonBlocking.class), m.toString());
                    if (REACTIVE_TYPES.stream().anyMatch(r -> r.isAssignableFrom(m.getReturnType()))) {
                        reactive.add(type.getSimpleName() + "." + m.getName());
                    }
                }
            }
        }
        assertTrue(endpoints.size() > 20, "the scan found the endpoints: " + endpoints.size());
        assertEquals(ON_THE_EVENT_LOOP, reactive, "endpoints that would run on the event loop");
    }

    private static List<Class<?>> gatewayClasses() throws IOException, URISyntaxException, ClassNotFoundException {
        java.nio.file.Path root = Paths.get(GatewayConfig.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        List<Class<?>> classes = new ArrayList<>();
        try (Stream<java.nio.file.Path> files = Files.walk(root)) {
            for (java.nio.file.Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = root.relativize(file).toString().replace('/', '.').replaceAll("\\.class$", "");
                classes.add(Class.forName(name, false, ExecutionModelTest.class.getClassLoader()));
            }
        }
        return classes;
    }
}

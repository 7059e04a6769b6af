package io.provtest.common.api;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.JsonNode;
import io.provtest.common.error.ServiceException;
import io.provtest.common.json.Json;
import io.provtest.common.rpc.RpcClient;
import io.provtest.common.rpc.RpcResponse;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.Method;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Proxy;
import java.lang.reflect.Type;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The one implementation of every client interface ({@code FlowManagerApi}, {@code RouteManagerApi} …): each
 * interface method declares its route with {@link Operation}; this turns a call into the URI, the body and the
 * {@link RpcClient} request, and the reply into the declared type. A typed error from the server is thrown as the
 * {@link ServiceException} it carries; a transport failure as {@code UNAVAILABLE} (what {@link RpcClient} gives).
 * <p>
 * Return types: {@code void} (success only checked), {@link JsonNode} (the data as it is), {@link RpcResponse}
 * (the raw reply, errors not thrown), any other type decoded from the data with the wire's JSON conventions, and
 * {@code CompletableFuture<X>} of any of these for the non-blocking form.
 */
public final class RpcApis {

    private RpcApis() {
    }

    /** A client of {@code api} on the queue its {@link RpcService} names. */
    public static <T> T client(Class<T> api, RpcClient rpc, Duration timeout) {
        RpcService service = api.getAnnotation(RpcService.class);
        if (service == null) {
            throw new IllegalArgumentException(api.getName() + " has no @RpcService");
        }
        return client(api, rpc, timeout, service.value());
    }

    /** A client of {@code api} on an explicit queue, e.g. one instance's own {@code call-manager.<instance>}. */
    public static <T> T client(Class<T> api, RpcClient rpc, Duration timeout, String queue) {
        Handler handler = new Handler(api, rpc, timeout, queue);
        return api.cast(Proxy.newProxyInstance(api.getClassLoader(), new Class<?>[]{api}, handler));
    }

    /** The URI of one call: the template's placeholders filled, then the non-null query parameters. */
    static String uri(String template, Map<String, String> path, Map<String, String> query) {
        String uri = template;
        for (Map.Entry<String, String> p : path.entrySet()) {
            String value = p.getValue();
            // path values go as they are (the servers do not decode them): one that would change the route is refused
            if (value == null || value.isEmpty() || value.contains("/") || value.contains("?") || value.contains("#")) {
                throw new IllegalArgumentException("path parameter " + p.getKey() + " cannot be '" + value + "'");
            }
            uri = uri.replace("{" + p.getKey() + "}", value);
        }
        if (uri.contains("{")) {
            throw new IllegalArgumentException("unfilled placeholder in " + uri);
        }
        StringBuilder out = new StringBuilder(uri);
        char sep = '?';
        for (Map.Entry<String, String> q : query.entrySet()) {
            if (q.getValue() != null) {
                out.append(sep).append(q.getKey()).append('=')
                        .append(URLEncoder.encode(q.getValue(), StandardCharsets.UTF_8));
                sep = '&';
            }
        }
        return out.toString();
    }

    /** The reply as {@code type}: the raw reply, the data tree, nothing, or the data decoded. */
    static Object decode(RpcResponse reply, Type type) {
        if (type == RpcResponse.class) {
            return reply;
        }
        JsonNode data = reply.dataOrThrow();
        if (type == void.class || type == Void.class) {
            return null;
        }
        if (type == JsonNode.class) {
            return data;
        }
        JavaType target = Json.MAPPER.getTypeFactory().constructType(type);
        try {
            return Json.MAPPER.convertValue(data, target);
        } catch (IllegalArgumentException e) {
            throw ServiceException.internal("The reply does not have the contract's shape " + target + ".");
        }
    }

    private static final class Handler implements InvocationHandler {

        private final Class<?> api;
        private final RpcClient rpc;
        private final Duration timeout;
        private final String queue;
        private final Map<Method, Call> calls = new ConcurrentHashMap<>();

        Handler(Class<?> api, RpcClient rpc, Duration timeout, String queue) {
            this.api = api;
            this.rpc = rpc;
            this.timeout = timeout;
            this.queue = queue;
        }

        @Override
        public Object invoke(Object proxy, Method method, Object[] args) throws Throwable {
            if (method.getDeclaringClass() == Object.class) {
                return switch (method.getName()) {
                    case "toString" -> api.getSimpleName() + "(" + queue + ", " + timeout + ")";
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> throw new UnsupportedOperationException(method.getName());
                };
            }
            if (method.isDefault()) {
                return InvocationHandler.invokeDefault(proxy, method, args);
            }
            return calls.computeIfAbsent(method, Call::of).invoke(rpc, queue, timeout, args == null ? new Object[0] : args);
        }
    }

    /** What one interface method means, read once from its annotations. */
    private record Call(String method, String template, String[] pathNames, String[] queryNames, int body,
                        boolean async, Type reply) {

        static Call of(Method m) {
            Operation op = m.getAnnotation(Operation.class);
            if (op == null) {
                throw new IllegalStateException(m + " has no @Operation");
            }
            int n = m.getParameterCount();
            String[] pathNames = new String[n];
            String[] queryNames = new String[n];
            int body = -1;
            for (int i = 0; i < n; i++) {
                PathParam p = m.getParameters()[i].getAnnotation(PathParam.class);
                QueryParam q = m.getParameters()[i].getAnnotation(QueryParam.class);
                if (p != null) {
                    pathNames[i] = p.value();
                } else if (q != null) {
                    queryNames[i] = q.value();
                } else if (body < 0) {
                    body = i;
                } else {
                    throw new IllegalStateException(m + " has two bodies");
                }
            }
            Type reply = m.getGenericReturnType();
            boolean async = m.getReturnType() == CompletableFuture.class;
            if (async) {
                reply = ((ParameterizedType) reply).getActualTypeArguments()[0];
            }
            return new Call(op.method(), op.path(), pathNames, queryNames, body, async, reply);
        }

        Object invoke(RpcClient rpc, String queue, Duration timeout, Object[] args) {
            Map<String, String> path = new LinkedHashMap<>();
            Map<String, String> query = new LinkedHashMap<>();
            for (int i = 0; i < args.length; i++) {
                if (pathNames[i] != null) {
                    path.put(pathNames[i], args[i] == null ? null : args[i].toString());
                } else if (queryNames[i] != null) {
                    query.put(queryNames[i], args[i] == null ? null : args[i].toString());
                }
            }
            String uri = uri(template, path, query);
            Object data = body < 0 ? null : args[body];
            if (async) {
                return rpc.send(queue, method, uri, data, timeout).thenApply(r -> decode(r, reply));
            }
            return decode(rpc.call(queue, method, uri, data, timeout), reply);
        }
    }
}

package io.provtest.common.rpc;

import io.provtest.common.error.ApiError;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A service's routing table: (method, uri template such as {@code /v1/providers/{id}}) → handler. */
public final class RpcRouter {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([a-z_]+)}");

    private final List<Route> routes = new ArrayList<>();

    public RpcRouter add(String method, String template, RpcHandler handler) {
        List<String> names = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        StringBuilder regex = new StringBuilder("^");
        int last = 0;
        while (m.find()) {
            regex.append(Pattern.quote(template.substring(last, m.start()))).append("([^/]+)");
            names.add(m.group(1));
            last = m.end();
        }
        regex.append(Pattern.quote(template.substring(last))).append('$');
        routes.add(new Route(method.toUpperCase(), template, Pattern.compile(regex.toString()), List.copyOf(names),
                handler, false, null));
        return this;
    }

    /**
     * Marks the route just added as one whose handler waits on other services (an orchestration; Match#waitsOnOthers). The server runs
     * such requests apart from the others, so that the quick answers those services need back from this one always
     * find a free worker: a service never starves itself through a call that comes back to it.
     */
    public RpcRouter waitingOnOthers() {
        Route last = routes.remove(routes.size() - 1);
        routes.add(new Route(last.method, last.template, last.pattern, last.names, last.handler, true, last.gate));
        return this;
    }

    /**
     * Gives the route just added a gate the server asks on its consumer thread, before the request waits for a
     * worker: a non-null error is the answer at once. For a refusal that must not queue behind the work it protects
     * (call-manager's admission: an engine that is late answers "busy" now, not after seconds in its own queue).
     */
    public RpcRouter gatedBy(Supplier<ApiError> gate) {
        Route last = routes.remove(routes.size() - 1);
        routes.add(new Route(last.method, last.template, last.pattern, last.names, last.handler, last.waitsOnOthers,
                gate));
        return this;
    }

    public RpcRouter get(String template, RpcHandler handler) {
        return add("GET", template, handler);
    }

    public RpcRouter post(String template, RpcHandler handler) {
        return add("POST", template, handler);
    }

    public RpcRouter put(String template, RpcHandler handler) {
        return add("PUT", template, handler);
    }

    public RpcRouter delete(String template, RpcHandler handler) {
        return add("DELETE", template, handler);
    }

    public List<String> describe() {
        return routes.stream().map(r -> r.method + " " + r.template).toList();
    }

    /** The matching route with its path and query parameters, or null when nothing matches. */
    public Match match(String method, String uri) {
        int q = uri.indexOf('?');
        String path = q < 0 ? uri : uri.substring(0, q);
        Map<String, String> query = q < 0 ? Map.of() : parseQuery(uri.substring(q + 1));
        for (Route route : routes) {
            if (!route.method.equalsIgnoreCase(method)) {
                continue;
            }
            Matcher m = route.pattern.matcher(path);
            if (m.matches()) {
                Map<String, String> params = new HashMap<>();
                for (int i = 0; i < route.names.size(); i++) {
                    params.put(route.names.get(i), URLDecoder.decode(m.group(i + 1), StandardCharsets.UTF_8));
                }
                return new Match(route.handler, path, Map.copyOf(params), query, route.waitsOnOthers, route.gate);
            }
        }
        return null;
    }

    static Map<String, String> parseQuery(String query) {
        Map<String, String> params = new LinkedHashMap<>();
        for (String pair : query.split("&")) {
            if (pair.isEmpty()) {
                continue;
            }
            int eq = pair.indexOf('=');
            String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), StandardCharsets.UTF_8);
            String value = eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
            params.putIfAbsent(key, value);
        }
        return Map.copyOf(params);
    }

    public record Match(RpcHandler handler, String path, Map<String, String> pathParams, Map<String, String> query,
                        boolean waitsOnOthers, Supplier<ApiError> gate) {
    }

    private record Route(String method, String template, Pattern pattern, List<String> names, RpcHandler handler,
                         boolean waitsOnOthers, Supplier<ApiError> gate) {
    }
}

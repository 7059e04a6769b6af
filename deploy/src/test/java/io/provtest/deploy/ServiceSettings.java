package io.provtest.deploy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The environment variables a service reads, found in its sources rather than listed by hand, so that a setting added
 * to a service without the chart fails {@code ChartTest}: every property of the {@code @ConfigMapping} interfaces in
 * the service's module (and of common-model's that it uses) as Quarkus names it in the environment, with the
 * service's {@code application.properties} renamings ({@code gateway.jwt.secret=${JWT_SECRET}} is read as
 * {@code JWT_SECRET}).
 */
final class ServiceSettings {

    /** Read by every service through common-model's broker and RPC beans. */
    private static final Set<String> EVERY_SERVICE = Set.of("BrokerConfig", "RpcConfig");
    private static final Pattern MAPPING = Pattern.compile(
            "@ConfigMapping\\(prefix\\s*=\\s*\"([^\"]+)\"\\)[^{;]*?interface\\s+(\\w+)");
    private static final Pattern INTERFACE = Pattern.compile("interface\\s+(\\w+)[^{]*\\{");
    /** A property: an abstract method without parameters (default methods have a body, not a semicolon). */
    private static final Pattern METHOD = Pattern.compile("([\\w.<>?, ]+?)\\s+(\\w+)\\(\\)\\s*;");
    private static final Pattern RENAMED = Pattern.compile("(?m)^([a-z][\\w.-]*)=\\$\\{([A-Z][A-Z0-9_]*)");

    private ServiceSettings() {
    }

    /** The variables {@code module} (a folder beside deploy/, e.g. {@code call-manager}) reads. */
    static Set<String> of(String module) {
        Path root = Path.of("..");
        String ownSources = sources(root.resolve(module)).stream().map(ServiceSettings::read)
                .reduce("", String::concat);
        Set<String> properties = new TreeSet<>();
        for (Path file : sources(root.resolve(module))) {
            properties.addAll(properties(read(file), name -> true));
        }
        for (Path file : sources(root.resolve("common-model"))) {
            properties.addAll(properties(read(file),
                    name -> EVERY_SERVICE.contains(name) || ownSources.contains(name)));
        }
        Map<String, String> renamed = new HashMap<>();
        Path config = root.resolve(module).resolve("src/main/resources/application.properties");
        Matcher rename = RENAMED.matcher(read(config));
        while (rename.find()) {
            renamed.put(rename.group(1), rename.group(2));
        }
        Set<String> variables = new TreeSet<>();
        for (String property : properties) {
            variables.add(renamed.getOrDefault(property, property.toUpperCase().replaceAll("[^A-Z0-9]", "_")));
        }
        return variables;
    }

    /** The property names of the mappings in one source file whose interface name {@code include} accepts. */
    static List<String> properties(String source, java.util.function.Predicate<String> include) {
        String code = source.replaceAll("(?s)/\\*.*?\\*/", "").replaceAll("//[^\n]*", "");
        Map<String, String> bodies = new HashMap<>();
        Matcher declared = INTERFACE.matcher(code);
        while (declared.find()) {
            bodies.put(declared.group(1), topLevel(code, declared.end()));
        }
        List<String> properties = new ArrayList<>();
        Matcher mapping = MAPPING.matcher(code);
        while (mapping.find()) {
            if (include.test(mapping.group(2))) {
                collect(mapping.group(1), mapping.group(2), bodies, properties);
            }
        }
        return properties;
    }

    private static void collect(String prefix, String type, Map<String, String> bodies, List<String> into) {
        Matcher method = METHOD.matcher(bodies.get(type));
        while (method.find()) {
            String name = prefix + "." + kebab(method.group(2));
            String returned = method.group(1).trim().replaceAll(".*\\s", "");
            if (bodies.containsKey(returned)) {
                collect(name, returned, bodies, into); // a group of settings: its own interface in the same file
            } else {
                into.add(name);
            }
        }
    }

    /** The text directly inside the braces opened just before {@code from} (nested blocks left out). */
    private static String topLevel(String code, int from) {
        StringBuilder body = new StringBuilder();
        int depth = 1;
        for (int i = from; i < code.length() && depth > 0; i++) {
            char c = code.charAt(i);
            if (c == '{') {
                depth++;
            } else if (c == '}') {
                depth--;
            } else if (depth == 1) {
                body.append(c);
            }
        }
        return body.toString();
    }

    static String kebab(String method) {
        return method.replaceAll("([a-z0-9])([A-Z])", "$1-$2").toLowerCase();
    }

    private static List<Path> sources(Path module) {
        try (Stream<Path> files = Files.walk(module.resolve("src/main/java"))) {
            return files.filter(f -> f.toString().endsWith(".java")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.reservegrid.deploysuite.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import org.reservegrid.testkit.Prerequisite;
import org.reservegrid.testkit.process.ToolRun;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * {@code docker-compose config} (Debian's docker-compose 1.29, scripts/ci/install-docker-compose.sh) on the repository's
 * compose files, with an env file the test writes, and the resolved model it prints, parsed as YAML. The model is
 * read in both the 1.29 short syntax ({@code "127.0.0.1:8081:8081/tcp"}) and the compose v2 long one, so the
 * assertions hold for either tool.
 */
final class Compose {
    /** Secrets of the test env file: distinctive, so the tests can find where each one ends up. */
    static final String RPC_PASS = "rpc-pass-8f2c1d";

    static final String API_SECRET = "api-secret-4b7e9a";

    private Compose() {}

    static void requireDockerCompose() {
        Prerequisite.require(
                "docker-compose",
                ToolRun.onPath("docker-compose").isPresent()
                        ? Optional.empty()
                        : Optional.of("docker-compose is not on the PATH: run scripts/ci/install-docker-compose.sh"));
    }

    /** What an operator writes into .env for the quick start: the one required value. */
    static Map<String, String> quickStartEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("VELDRA_BITCOIND_RPC_PASS", RPC_PASS);
        return env;
    }

    /** The quick start's .env plus what deploy/compose/production.yml and relay.yml require. */
    static Map<String, String> productionEnv() {
        Map<String, String> env = quickStartEnv();
        env.put("VELDRA_API_SECRET", API_SECRET);
        env.put("VELDRA_GATEWAY_PAYOUT_ADDRESS", "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq");
        env.put("VELDRA_AUTH_PUBLIC_URL", "https://console.pool.example");
        env.put("RG_TLS_DIR", "/etc/ssl/reservegrid");
        return env;
    }

    /** One way of running compose: the files (-f, in order; none: docker-compose.yml alone) and the profiles. */
    record Invocation(List<String> files, List<String> profiles) {
        static Invocation of(String... profiles) {
            return new Invocation(List.of(), List.of(profiles));
        }

        Invocation withFile(String override) {
            List<String> all = new ArrayList<>(files.isEmpty() ? List.of("docker-compose.yml") : files);
            all.add(override);
            return new Invocation(List.copyOf(all), profiles);
        }

        List<String> arguments() {
            List<String> args = new ArrayList<>();
            for (String file : files) {
                args.add("-f");
                args.add(file);
            }
            for (String profile : profiles) {
                args.add("--profile");
                args.add(profile);
            }
            return args;
        }

        @Override
        public String toString() {
            return "docker-compose " + String.join(" ", arguments());
        }
    }

    /** Runs {@code docker-compose ARGS config} with {@code env} as the env file. */
    static ToolRun config(Invocation invocation, Map<String, String> env, String... configArgs) {
        StringBuilder text = new StringBuilder();
        env.forEach((name, value) -> text.append(name).append('=').append(value).append('\n'));
        return configWithEnvFile(invocation, text.toString(), configArgs);
    }

    /** Runs {@code docker-compose ARGS config} with an env file of exactly this text (e.g. .env.example's). */
    static ToolRun configWithEnvFile(Invocation invocation, String envFileText, String... configArgs) {
        Path envFile = writeEnvFile(envFileText);
        try {
            List<String> command = new ArrayList<>(List.of(
                    "docker-compose",
                    "--project-directory",
                    Repository.root().toString(),
                    "--env-file",
                    envFile.toString()));
            command.addAll(invocation.arguments());
            command.add("config");
            command.addAll(List.of(configArgs));
            return Processes.run(Repository.root(), Map.of(), command);
        } finally {
            try {
                Files.deleteIfExists(envFile);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** The resolved model; fails the test with compose's own message when the configuration is invalid. */
    static Model model(Invocation invocation, Map<String, String> env) {
        // Each docker-compose run costs seconds; the same files with the same env file resolve the same way.
        return MODELS.computeIfAbsent(invocation + " " + env, key -> resolve(invocation, env));
    }

    private static final Map<String, Model> MODELS = new java.util.concurrent.ConcurrentHashMap<>();

    private static Model resolve(Invocation invocation, Map<String, String> env) {
        ToolRun result = config(invocation, env);
        assertThat(result.exitCode())
                .as("%s config\n%s", invocation, result.describe())
                .isZero();
        return new Model(parse(result.stdout()));
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> parse(String yaml) {
        Object parsed = new Yaml(new SafeConstructor(new LoaderOptions())).load(yaml);
        return parsed instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    private static Path writeEnvFile(String text) {
        try {
            Path file = Files.createTempFile("rg-compose-", ".env");
            Files.writeString(file, text, StandardCharsets.UTF_8);
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The parsed output of {@code docker-compose config}. */
    record Model(Map<String, Object> raw) {
        Set<String> serviceNames() {
            return new TreeSet<>(map(raw.get("services")).keySet());
        }

        Service service(String name) {
            Object service = map(raw.get("services")).get(name);
            assertThat(service).as("service %s in %s", name, serviceNames()).isNotNull();
            return new Service(name, map(service));
        }

        List<Service> services() {
            return serviceNames().stream().map(this::service).toList();
        }

        /**
         * The services a command with these profiles runs: those without a profile and those in one of them.
         * (docker-compose 1.29's {@code config} prints every service with its {@code profiles}; v2 prints the active
         * ones: this reads both alike.)
         */
        Set<String> activeServices(List<String> profiles) {
            Set<String> active = new TreeSet<>();
            for (Service service : services()) {
                if (service.profiles().isEmpty() || service.profiles().stream().anyMatch(profiles::contains)) {
                    active.add(service.name());
                }
            }
            return active;
        }

        Set<String> volumeNames() {
            return new TreeSet<>(map(raw.get("volumes")).keySet());
        }

        Map<String, Object> network(String name) {
            return map(map(raw.get("networks")).get(name));
        }

        /**
         * The services {@code docker compose up TARGETS} starts: the targets and, transitively, what they depend on.
         */
        Set<String> startedBy(List<String> targets) {
            Set<String> started = new TreeSet<>();
            Deque<String> todo = new ArrayDeque<>(targets);
            while (!todo.isEmpty()) {
                String next = todo.pop();
                if (started.add(next)) {
                    todo.addAll(service(next).dependsOn().keySet());
                }
            }
            return started;
        }
    }

    record Port(String hostIp, String published, String target) {}

    record Mount(String type, String source, String target) {}

    /** One service of the model. */
    record Service(String name, Map<String, Object> raw) {
        Optional<String> string(String key) {
            Object value = raw.get(key);
            return value == null ? Optional.empty() : Optional.of(String.valueOf(value));
        }

        Map<String, String> environment() {
            Map<String, String> env = new LinkedHashMap<>();
            Object value = raw.get("environment");
            if (value instanceof Map<?, ?> map) {
                map.forEach((k, v) -> env.put(String.valueOf(k), v == null ? "" : String.valueOf(v)));
            } else if (value instanceof List<?> list) {
                for (Object item : list) {
                    String entry = String.valueOf(item);
                    int eq = entry.indexOf('=');
                    env.put(eq < 0 ? entry : entry.substring(0, eq), eq < 0 ? "" : entry.substring(eq + 1));
                }
            }
            return env;
        }

        List<Port> ports() {
            List<Port> ports = new ArrayList<>();
            for (Object item : list(raw.get("ports"))) {
                if (item instanceof Map<?, ?> port) {
                    ports.add(new Port(
                            String.valueOf(port.get("host_ip")),
                            String.valueOf(port.get("published")),
                            String.valueOf(port.get("target"))));
                } else {
                    String text = String.valueOf(item).replaceFirst("/(tcp|udp)$", "");
                    String[] parts = text.split(":");
                    ports.add(
                            parts.length == 3
                                    ? new Port(parts[0], parts[1], parts[2])
                                    : new Port("", parts[0], parts[parts.length - 1]));
                }
            }
            return ports;
        }

        List<Mount> mounts() {
            List<Mount> mounts = new ArrayList<>();
            for (Object item : list(raw.get("volumes"))) {
                if (item instanceof Map<?, ?> mount) {
                    mounts.add(new Mount(
                            String.valueOf(mount.get("type")),
                            String.valueOf(mount.get("source")),
                            String.valueOf(mount.get("target"))));
                } else {
                    String[] parts = String.valueOf(item).split(":");
                    String source = parts[0];
                    String type = source.startsWith("/") || source.startsWith(".") ? "bind" : "volume";
                    mounts.add(new Mount(type, source, parts.length > 1 ? parts[1] : parts[0]));
                }
            }
            return mounts;
        }

        Map<String, Object> healthcheck() {
            return map(raw.get("healthcheck"));
        }

        List<String> healthcheckTest() {
            return list(healthcheck().get("test")).stream().map(String::valueOf).toList();
        }

        /** depends_on as service name to condition (service_started for the short list form). */
        Map<String, String> dependsOn() {
            Map<String, String> deps = new LinkedHashMap<>();
            Object value = raw.get("depends_on");
            if (value instanceof Map<?, ?> map) {
                map.forEach((k, v) -> deps.put(
                        String.valueOf(k), String.valueOf(map(v).getOrDefault("condition", "service_started"))));
            } else {
                for (Object item : list(value)) {
                    deps.put(String.valueOf(item), "service_started");
                }
            }
            return deps;
        }

        Set<String> networks() {
            Object value = raw.get("networks");
            if (value instanceof Map<?, ?> map) {
                Set<String> names = new TreeSet<>();
                map.keySet().forEach(k -> names.add(String.valueOf(k)));
                return names;
            }
            Set<String> names = new TreeSet<>();
            list(value).forEach(n -> names.add(String.valueOf(n)));
            return names;
        }

        Map<String, Object> build() {
            return map(raw.get("build"));
        }

        List<String> profiles() {
            return list(raw.get("profiles")).stream().map(String::valueOf).toList();
        }
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> map(Object value) {
        return value instanceof Map<?, ?> map ? (Map<String, Object>) map : Map.of();
    }

    static List<Object> list(Object value) {
        if (value instanceof List<?> list) {
            return new ArrayList<>(list);
        }
        return value == null ? List.of() : List.of(value);
    }
}

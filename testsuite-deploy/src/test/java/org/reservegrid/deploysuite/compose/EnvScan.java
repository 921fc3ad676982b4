package org.reservegrid.deploysuite.compose;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The VELDRA_* variables the product reads, found in its code. Every service reads its settings through
 * reservegrid-common's EnvConfig (via reservegrid-spring's VeldraEnvironment, which hands over every VELDRA_* entry
 * of Spring's environment), and asks for each variable by a string literal naming it whole, usually a {@code public
 * static final String} of its settings class. So the names read are the literals {@code "VELDRA_..."} of the main
 * Java sources, the {@code ${VELDRA_...}} placeholders of the main resources, and the names scripts/rg uses. A
 * literal ending in {@code _} is a prefix, not a name (VeldraEnvironment's filter); {@link #dynamicNames} fails the
 * scan's test if code ever builds a name from such a prefix, since the scan could not see it.
 */
final class EnvScan {
    private static final Pattern JAVA_NAME = Pattern.compile("\"(VELDRA_[A-Z0-9_]*[A-Z0-9])\"");
    private static final Pattern RESOURCE_NAME = Pattern.compile("\\$\\{(VELDRA_[A-Z0-9_]*[A-Z0-9])");
    private static final Pattern SCRIPT_NAME = Pattern.compile("\\b(VELDRA_[A-Z0-9_]*[A-Z0-9])\\b");
    private static final Pattern PREFIX_CONCATENATION = Pattern.compile("\"VELDRA_[A-Z0-9_]*_\"\\s*\\+");

    /** Declared in main code but read by nothing (checked: the constant is used nowhere else). */
    static final Map<String, String> DECLARED_NOT_READ = Map.of(
            "VELDRA_NOISE_AUTHORITY_KEY_PATH",
            "sv2-protocol NoiseKeyFiles.ENV_AUTHORITY_KEY, for tools that issue certificates; none reads it yet");

    /** Modules whose main code is test support, not product: they set variables for the services they start. */
    private static final Set<String> NOT_PRODUCT = Set.of("reservegrid-testkit");

    /**
     * rg-feed-server's variables as CONTRACTS.md fixes them, with those its branch added (as of its commit 56c0b59),
     * used only while the module is not in the checkout (its sources arrive with that branch); once it is, its code is
     * scanned like every module's and this list is unused.
     */
    static final Set<String> FEED_SERVER_CONTRACT = Set.of(
            "VELDRA_FEED_SERVER_PORT",
            "VELDRA_FEED_SERVER_BIND",
            "VELDRA_BITCOIND_RPC_URL",
            "VELDRA_BITCOIND_RPC_USER",
            "VELDRA_BITCOIND_RPC_PASS",
            "VELDRA_BITCOIND_RPC_TIMEOUT_SECS",
            "VELDRA_FEED_SERVER_UPSTREAM_URL",
            "VELDRA_FEED_SERVER_UPSTREAM_TOKEN",
            "VELDRA_FEED_SERVER_TOKENS",
            "VELDRA_FEED_SERVER_TOKENS_FILE",
            "VELDRA_FEED_SERVER_MAX_CONNECTIONS",
            "VELDRA_FEED_SERVER_MAX_CONNECTIONS_PER_IP",
            "VELDRA_FEED_SERVER_SUBSCRIBER_BUFFER_BYTES",
            "VELDRA_FEED_SERVER_TOKENS_FILE_POLL_SECS",
            "VELDRA_FEED_SERVER_READY_MAX_AGE_SECS",
            "VELDRA_FEED_SERVER_REFRESH_SECS",
            "VELDRA_FEED_SERVER_PERMESSAGE_DEFLATE",
            "VELDRA_FEED_SERVER_DEFLATE_LEVEL",
            "VELDRA_FEED_SERVER_UPSTREAM_IDLE_TIMEOUT_SECS",
            "VELDRA_FEED_SERVER_MAX_FRAME_BYTES",
            "VELDRA_FEED_SERVER_RECONNECT_INITIAL_SECS",
            "VELDRA_FEED_SERVER_RECONNECT_MAX_SECS",
            "VELDRA_TLS_MODE",
            "VELDRA_TLS_CERT",
            "VELDRA_TLS_KEY");

    private EnvScan() {}

    static boolean feedServerInCheckout() {
        return Files.isDirectory(Repository.file("rg-feed-server/src/main"));
    }

    /** Every name the product reads: all product modules' main code, scripts/rg, minus {@link #DECLARED_NOT_READ}. */
    static Set<String> productReads() {
        Set<String> names = new TreeSet<>();
        for (Path module : productModules()) {
            names.addAll(moduleReads(module));
        }
        if (!feedServerInCheckout()) {
            names.addAll(FEED_SERVER_CONTRACT);
        }
        names.addAll(scriptReads());
        names.removeAll(DECLARED_NOT_READ.keySet());
        return names;
    }

    /** The names one service reads: its module's, plus those of the shared libraries it runs with. */
    static Set<String> readBy(String service) {
        Set<String> names = new TreeSet<>();
        Path module = Repository.file(service);
        if (service.equals("rg-feed-server") && !feedServerInCheckout()) {
            names.addAll(FEED_SERVER_CONTRACT);
        } else {
            names.addAll(moduleReads(module));
        }
        if (!service.equals("test-miner")) {
            // Every Spring service: binds (BindGuard), logging (LogSettings) through reservegrid-spring.
            names.addAll(moduleReads(Repository.file("reservegrid-common")));
            names.addAll(moduleReads(Repository.file("reservegrid-spring")));
        }
        if (service.equals("sv2-gateway")) {
            names.addAll(moduleReads(Repository.file("sv2-protocol")));
        }
        names.removeAll(DECLARED_NOT_READ.keySet());
        return names;
    }

    static List<Path> productModules() {
        try (Stream<Path> dirs = Files.list(Repository.root())) {
            return dirs.filter(dir -> Files.isDirectory(dir.resolve("src/main")))
                    .filter(dir -> !NOT_PRODUCT.contains(dir.getFileName().toString()))
                    .filter(dir -> !dir.getFileName().toString().startsWith("testsuite-"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Set<String> moduleReads(Path module) {
        Set<String> names = new TreeSet<>();
        for (Path file : files(module.resolve("src/main/java"), ".java")) {
            for (String line : lines(file)) {
                if (!isComment(line)) {
                    collect(JAVA_NAME, line, names);
                }
            }
        }
        for (Path file : files(module.resolve("src/main/resources"), "")) {
            if (file.toString().contains("/static/") || file.toString().endsWith(".class")) {
                continue;
            }
            for (String line : lines(file)) {
                if (!line.strip().startsWith("#")) {
                    collect(RESOURCE_NAME, line, names);
                }
            }
        }
        return names;
    }

    static Set<String> scriptReads() {
        Set<String> names = new TreeSet<>();
        for (String line : lines(Repository.file("scripts/rg"))) {
            if (!line.strip().startsWith("#")) {
                collect(SCRIPT_NAME, line, names);
            }
        }
        return names;
    }

    /** Main Java source lines that build a variable name from a VELDRA_ prefix (the scan could not see those). */
    static List<String> dynamicNames() {
        return productModules().stream()
                .flatMap(module -> files(module.resolve("src/main/java"), ".java").stream())
                .flatMap(file -> lines(file).stream()
                        .filter(line -> !isComment(line)
                                && PREFIX_CONCATENATION.matcher(line).find())
                        .map(line -> Repository.root().relativize(file) + ": " + line.strip()))
                .toList();
    }

    /** How many main Java lines mention {@code token} outside comments (to check DECLARED_NOT_READ stays true). */
    static long mentions(String token) {
        return productModules().stream()
                .flatMap(module -> files(module.resolve("src/main/java"), ".java").stream())
                .flatMap(file -> lines(file).stream())
                .filter(line -> !isComment(line) && line.contains(token))
                .count();
    }

    private static boolean isComment(String line) {
        String stripped = line.strip();
        return stripped.startsWith("//") || stripped.startsWith("*") || stripped.startsWith("/*");
    }

    private static void collect(Pattern pattern, String line, Set<String> into) {
        Matcher matcher = pattern.matcher(line);
        while (matcher.find()) {
            into.add(matcher.group(1));
        }
    }

    private static List<Path> files(Path dir, String suffix) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            return walk.filter(Files::isRegularFile)
                    .filter(file -> file.toString().endsWith(suffix))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static List<String> lines(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            // A binary resource (an image, a keystore): it names no variable.
            return List.of();
        }
    }
}

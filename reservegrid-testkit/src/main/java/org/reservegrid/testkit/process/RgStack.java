package org.reservegrid.testkit.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.reservegrid.testkit.TestData;

/**
 * The whole product as a pool runs it locally: {@code scripts/rg} starting the packaged jars, here in a state
 * directory of the suite's own so it never meets a developer's stack. Used by the suites that need every service at
 * once (testsuite-deploy's Prometheus scrape, testsuite-dashboard's browser suite, whose script starts the stack
 * itself and leaves only the net under a killed run to this class).
 */
public final class RgStack {
    /** Every service {@code scripts/rg up} starts in observe mode on the demo feed. */
    public static final List<String> OBSERVE_SERVICES = List.of(
            "rg-auth",
            "rg-dashboard",
            "rg-demo-feed",
            "rg-feed-adapter",
            "pool-verifier",
            "template-manager",
            "sv2-gateway");

    /** The jars of {@link #OBSERVE_SERVICES}, and {@code scripts/rg test-miner}'s. */
    public static final List<String> OBSERVE_JARS =
            Stream.concat(OBSERVE_SERVICES.stream(), Stream.of("test-miner")).toList();

    private static final Duration DOWN_TIMEOUT = Duration.ofMinutes(3);

    private final Path root = TestData.repositoryRoot();
    private final Path state;
    private final Map<String, String> environment = new LinkedHashMap<>();

    /**
     * A stack kept in {@code state}. Its scripts/rg runs get this JVM's environment without VELDRA_* and RG_*
     * settings (a developer's node or state directory stays out), plus RG_STATE_DIR and whatever {@link #set} adds.
     */
    public RgStack(Path state) {
        this.state = state;
        System.getenv().forEach((name, value) -> {
            if (!name.startsWith("VELDRA_") && !name.startsWith("RG_")) {
                environment.put(name, value);
            }
        });
        environment.put("RG_STATE_DIR", state.toString());
    }

    /** Each of {@link #OBSERVE_JARS} packaged, or the test skips (fails under CI=true) naming the missing one. */
    public static void requireJars() {
        OBSERVE_JARS.forEach(ServiceJars::require);
    }

    /** Sets one variable for every later scripts/rg run (a port, VELDRA_MODE, an RG_* knob). */
    public RgStack set(String name, String value) {
        environment.put(name, value);
        return this;
    }

    public String get(String name) {
        String value = environment.get(name);
        if (value == null) {
            throw new IllegalArgumentException(name + " is not set for this stack");
        }
        return value;
    }

    public Path state() {
        return state;
    }

    /** Runs {@code scripts/rg args...} in the repository root, with no input, for at most {@code timeout}. */
    public ToolRun rg(Duration timeout, String... args) {
        List<String> command = new ArrayList<>();
        command.add(root.resolve("scripts/rg").toString());
        command.addAll(List.of(args));
        ToolRun run = ToolRun.run(
                root,
                child -> {
                    child.clear();
                    child.putAll(environment);
                },
                command,
                timeout);
        System.out.println("[rg-stack] scripts/rg " + String.join(" ", args) + " exited " + run.exitCode());
        return run;
    }

    /** {@code scripts/rg down} on this stack's state directory (it says "nothing running" when nothing is left). */
    public ToolRun down() {
        return rg(DOWN_TIMEOUT, "down");
    }

    /** The net under an earlier run that was killed: stops what it left running and empties the state directory. */
    public void clearLeftovers() {
        if (Files.isDirectory(state)) {
            down();
        }
        deleteTree(state);
    }

    private static void deleteTree(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.delete(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}

package org.reservegrid.deploysuite.monitoring;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.reservegrid.testkit.Prerequisite;
import org.reservegrid.testkit.process.ToolRun;

/** Debian's prometheus and promtool (scripts/ci/install-prometheus.sh), found on the PATH. */
final class Promtool {
    private Promtool() {}

    /** The executable {@code name} on the PATH; skips the test without it, or fails it in CI. */
    static Path require(String name) {
        Optional<Path> found = ToolRun.onPath(name);
        Prerequisite.require(
                name,
                found.isPresent()
                        ? Optional.empty()
                        : Optional.of("no " + name + " on the PATH: run scripts/ci/install-prometheus.sh (Debian's"
                                + " prometheus package, as root)"));
        return found.orElseThrow();
    }

    /** Runs {@code promtool args...} in {@code dir}. */
    static ToolRun run(Path dir, String... args) {
        List<String> command = new ArrayList<>();
        command.add(require("promtool").toString());
        command.addAll(List.of(args));
        return ToolRun.run(dir, command);
    }
}

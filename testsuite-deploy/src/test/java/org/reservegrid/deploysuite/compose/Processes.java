package org.reservegrid.deploysuite.compose;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.reservegrid.testkit.process.ToolRun;

/** Runs the real tools (docker-compose, hadolint, scripts/rg, java) as child processes, with a clean environment. */
final class Processes {
    private Processes() {}

    /**
     * Runs {@code command} in {@code directory}. The child gets this JVM's environment without any VELDRA_*, RG_* or
     * COMPOSE_* variable (a developer's shell must not change what the deployment files mean), plus {@code extra}.
     */
    static ToolRun run(Path directory, Map<String, String> extra, List<String> command) {
        return ToolRun.run(
                directory,
                environment -> {
                    environment
                            .keySet()
                            .removeIf(name -> name.startsWith("VELDRA_")
                                    || name.startsWith("RG_")
                                    || name.startsWith("COMPOSE_"));
                    environment.putAll(extra);
                },
                command);
    }
}

package org.reservegrid.deploysuite.helm;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;
import org.reservegrid.testkit.Prerequisite;

/**
 * Where scripts/ci/install-helm.sh puts helm, kubeconform and the offline JSON schemas: {@code
 * $RESERVEGRID_HELM_TOOLS}, by default {@code ~/.cache/reservegrid/helm}. The tests use exactly these binaries (the
 * pinned versions), never whatever helm happens to be on the PATH.
 */
record HelmTools(Path helm, Path kubeconform, Path schemas) {
    static final String INSTALL = "run scripts/ci/install-helm.sh (helm and kubeconform from the Go module proxy)";

    static HelmTools locate() {
        return in(folder(System.getenv("RESERVEGRID_HELM_TOOLS")));
    }

    static HelmTools in(Path folder) {
        return new HelmTools(folder.resolve("bin/helm"), folder.resolve("bin/kubeconform"), folder.resolve("schemas"));
    }

    static Path folder(@Nullable String override) {
        if (override != null && !override.isBlank()) {
            return Path.of(override);
        }
        return Path.of(System.getProperty("user.home"), ".cache", "reservegrid", "helm");
    }

    /** What is missing, with the fix; empty when every tool is there. */
    Optional<String> missing() {
        List<String> missing = new ArrayList<>();
        for (Path binary : List.of(helm, kubeconform)) {
            if (!Files.isExecutable(binary)) {
                missing.add(binary.toString());
            }
        }
        if (!Files.isRegularFile(schemas.resolve("SOURCE"))) {
            missing.add(schemas + " (the JSON schemas)");
        }
        return missing.isEmpty() ? Optional.empty() : Optional.of(String.join(", ", missing) + " missing: " + INSTALL);
    }

    /** Skips the test (or fails it under CI=true) unless every tool is installed. */
    static HelmTools required() {
        HelmTools tools = locate();
        Prerequisite.require("helm, kubeconform and the Kubernetes JSON schemas", tools.missing());
        return tools;
    }
}

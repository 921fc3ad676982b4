package org.reservegrid.deploysuite.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reservegrid.deploysuite.compose.Compose.Invocation;
import org.reservegrid.deploysuite.compose.Compose.Model;
import org.reservegrid.testkit.process.ToolRun;

/**
 * scripts/rg is compose's twin that runs here (no Docker engine on these machines): for the same configuration,
 * {@code scripts/rg services} (what {@code scripts/rg up} would start) names the same services as docker compose
 * starts, except bitcoind, which scripts/rg never runs (it takes the node from --node).
 */
class ScriptsRgTwinTests {
    /**
     * One configuration both ways: scripts/rg's options and environment, and the compose command of
     * docs/deployment.md (its files and profiles, and the services named on {@code up}; none: every active one).
     */
    record Twin(
            String name,
            List<String> rgOptions,
            Map<String, String> rgEnv,
            Invocation compose,
            List<String> upTargets) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Twin> twins() {
        String node = "http://bitcoind:18443";
        return Stream.of(
                new Twin(
                        "shadow on the demo feed (scripts/rg up; compose shadow.yml)",
                        List.of(),
                        Map.of(),
                        Invocation.of("shadow").withFile("deploy/compose/shadow.yml"),
                        List.of("rg-dashboard", "template-manager")),
                new Twin(
                        "observe on a node (the quick start)",
                        List.of("--node", node),
                        Map.of("VELDRA_MODE", "observe"),
                        Invocation.of(),
                        List.of()),
                new Twin(
                        "inline on a node, node URL from the environment",
                        List.of(),
                        Map.of("VELDRA_MODE", "inline", "VELDRA_BITCOIND_RPC_URL", node),
                        Invocation.of(),
                        List.of()),
                new Twin(
                        "shadow on a node: the verifier judges, no gateway",
                        List.of("--node", node),
                        Map.of(),
                        Invocation.of(),
                        List.of("rg-dashboard", "template-manager")),
                new Twin(
                        "the relay chain (scripts/rg up --node --feed-server; compose relay.yml)",
                        List.of("--node", node, "--feed-server"),
                        Map.of(),
                        Invocation.of("shadow", "feed-server").withFile("deploy/compose/relay.yml"),
                        List.of("rg-dashboard", "template-manager")),
                new Twin(
                        "the relay chain feeding an observe gateway",
                        List.of("--node", node, "--feed-server"),
                        Map.of("VELDRA_MODE", "observe"),
                        Invocation.of("shadow", "feed-server").withFile("deploy/compose/relay.yml"),
                        List.of("rg-dashboard", "template-manager", "sv2-gateway")));
    }

    @BeforeAll
    static void dockerCompose() {
        Compose.requireDockerCompose();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("twins")
    void scriptsRgStartsWhatComposeStarts(Twin twin, @TempDir Path state) throws IOException {
        Map<String, String> env = new LinkedHashMap<>(twin.rgEnv());
        Path envFile = state.resolve("empty.env");
        Files.writeString(envFile, "");
        env.put("RG_ENV_FILE", envFile.toString());
        env.put("RG_STATE_DIR", state.toString());
        Set<String> rg = rgServices(twin.rgOptions(), env);

        Map<String, String> composeEnv = Compose.quickStartEnv();
        composeEnv.putAll(twin.rgEnv());
        composeEnv.put("VELDRA_FEED_TOKEN", "feed-token-77aa");
        Model model = Compose.model(twin.compose(), composeEnv);
        Set<String> compose = twin.upTargets().isEmpty()
                ? model.activeServices(twin.compose().profiles())
                : model.startedBy(twin.upTargets());
        compose.remove("bitcoind");
        assertThat(rg)
                .as("scripts/rg services %s vs %s up %s", twin.rgOptions(), twin.compose(), twin.upTargets())
                .isEqualTo(compose);
    }

    @Test
    void scriptsRgReadsTheEnvFileWithoutOverridingTheShell(@TempDir Path state) throws IOException {
        Path envFile = state.resolve(".env");
        Files.writeString(
                envFile,
                "# a comment\nVELDRA_MODE=\"observe\"\nexport VELDRA_BITCOIND_RPC_URL=http://bitcoind:18443\n"
                        + "X=$(touch " + state.resolve("ran") + ")\n",
                StandardCharsets.UTF_8);
        Map<String, String> env = new LinkedHashMap<>();
        env.put("RG_ENV_FILE", envFile.toString());
        env.put("RG_STATE_DIR", state.toString());
        assertThat(rgServices(List.of(), env))
                .contains("sv2-gateway", "template-manager")
                .doesNotContain("rg-demo-feed");
        assertThat(state.resolve("ran")).as("the file is read, never run").doesNotExist();

        env.put("VELDRA_MODE", "shadow");
        assertThat(rgServices(List.of(), env))
                .as("the shell's VELDRA_MODE wins")
                .doesNotContain("sv2-gateway");
    }

    @Test
    void theRelayNeedsANode(@TempDir Path state) throws IOException {
        Path envFile = state.resolve("empty.env");
        Files.writeString(envFile, "");
        ToolRun result = Processes.run(
                Repository.root(),
                Map.of("RG_ENV_FILE", envFile.toString(), "RG_STATE_DIR", state.toString()),
                List.of("bash", "scripts/rg", "services", "--feed-server"));
        assertThat(result.exitCode()).as(result.describe()).isEqualTo(2);
        assertThat(result.stderr()).contains("--node");
    }

    static Set<String> rgServices(List<String> options, Map<String, String> env) {
        List<String> command = new ArrayList<>(List.of("bash", "scripts/rg", "services"));
        command.addAll(options);
        ToolRun result = Processes.run(Repository.root(), env, command);
        assertThat(result.exitCode()).as(result.describe()).isZero();
        return new TreeSet<>(result.stdout().lines().filter(l -> !l.isBlank()).toList());
    }
}

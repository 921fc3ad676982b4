package org.reservegrid.deploysuite.compose;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * .env.example and the docs' settings tables against the VELDRA_* variables the code reads ({@link EnvScan}): each
 * read variable is in both, each listed one is read. A failure names the exact variables on each side.
 */
class EnvExampleTests {
    private static final Pattern ENTRY = Pattern.compile("^#?\\s*(VELDRA_[A-Z0-9_]+)=.*$");
    private static final Pattern DOC_NAME = Pattern.compile("`(VELDRA_[A-Z0-9_]*[A-Z0-9])`");

    @Test
    void envExampleListsExactlyTheVariablesTheCodeReads() {
        Set<String> reads = EnvScan.productReads();
        Set<String> listed = envExampleNames();
        assertBothWays(".env.example", difference(reads, listed), difference(listed, reads));
    }

    @Test
    void theDocsSettingsTablesListExactlyTheVariablesTheCodeReads() {
        Set<String> reads = EnvScan.productReads();
        Set<String> documented = documentedNames();
        Set<String> missing = difference(reads, documented);
        if (!Files.isRegularFile(Repository.file("docs/rg-feed-server.md"))) {
            // rg-feed-server's settings table arrives with its module (CONTRACTS.md); until then only its names
            // are excused, and only from this direction.
            missing.removeIf(name -> name.startsWith("VELDRA_FEED_SERVER_"));
        }
        assertBothWays("the settings tables of docs/*.md", missing, difference(documented, reads));
    }

    /** One failure naming both lists, so a single run shows everything to fix. */
    private static void assertBothWays(String where, Set<String> missing, Set<String> extra) {
        assertThat(missing.isEmpty() && extra.isEmpty())
                .as(
                        "read by the code (main sources, resources, scripts/rg) but missing from %s: %s%n"
                                + "in %s but read by no code: %s",
                        where, missing, where, extra)
                .isTrue();
    }

    @Test
    void everyEntryOfEnvExampleSaysWhatItDoesItsDefaultAndAnExample() {
        List<String> lines = List.of(Repository.read(".env.example").split("\n", -1));
        List<String> undocumented = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            Matcher entry = ENTRY.matcher(lines.get(i));
            if (!entry.matches()) {
                continue;
            }
            StringBuilder comment = new StringBuilder();
            for (int j = i - 1; j >= 0; j--) {
                String above = lines.get(j);
                if (!above.startsWith("#") || ENTRY.matcher(above).matches() || above.startsWith("# ====")) {
                    break;
                }
                comment.insert(0, above + "\n");
            }
            String text = comment.toString();
            if (text.isBlank() || !text.contains("Default") || !text.contains("Example")) {
                undocumented.add(entry.group(1) + " (line " + (i + 1) + ")");
            }
        }
        assertThat(undocumented)
                .as("entries without a comment giving what, Default and Example")
                .isEmpty();
        assertThat(envExampleNames()).hasSizeGreaterThan(100);
    }

    @Test
    void theOnlyValuesEnvExampleSetsAreTheQuickStartsPlaceholders() {
        List<String> set = new ArrayList<>();
        for (String line : Repository.read(".env.example").split("\n")) {
            if (!line.startsWith("#") && line.contains("=")) {
                set.add(line);
            }
        }
        // The password is empty (compose refuses to start until it is filled in); 51 is regtest's OP_TRUE payout.
        assertThat(set).containsExactly("VELDRA_BITCOIND_RPC_PASS=", "VELDRA_GATEWAY_PAYOUT_SCRIPT=51");
    }

    @Test
    void noVariableNameIsBuiltAtRunTimeWhereTheScanCannotSeeIt() {
        assertThat(EnvScan.dynamicNames())
                .as("code building a VELDRA_ name from a prefix: teach EnvScan to find those names")
                .isEmpty();
    }

    @Test
    void theVariablesDeclaredButNotReadAreStillUnread() {
        for (Map.Entry<String, String> declared : EnvScan.DECLARED_NOT_READ.entrySet()) {
            // Once as the constant's declaration: any other mention means someone reads it now.
            assertThat(EnvScan.mentions("\"" + declared.getKey() + "\""))
                    .as(declared.getKey() + ": " + declared.getValue())
                    .isEqualTo(1);
            assertThat(EnvScan.mentions("ENV_AUTHORITY_KEY"))
                    .as("NoiseKeyFiles.ENV_AUTHORITY_KEY used outside its declaration: it is read, list it")
                    .isEqualTo(1);
        }
    }

    @Test
    void theScanFindsTheVariablesOfEveryKindOfSource() {
        Set<String> reads = EnvScan.productReads();
        // A settings constant, a shared library's, and one only scripts/rg reads (the state directory's tokens).
        assertThat(reads).contains("VELDRA_VERIFIER_HTTP_PORT", "VELDRA_LOG_FORMAT", "VELDRA_FEED_SERVER_TOKENS");
        assertThat(EnvScan.scriptReads()).contains("VELDRA_MODE", "VELDRA_FEED_SERVER_PORT");
        assertThat(reads).doesNotContain("VELDRA_", "VELDRA_NOISE_AUTHORITY_KEY_PATH");
    }

    static Set<String> envExampleNames() {
        Set<String> names = new TreeSet<>();
        for (String line : Repository.read(".env.example").split("\n")) {
            Matcher entry = ENTRY.matcher(line);
            if (entry.matches()) {
                names.add(entry.group(1));
            }
        }
        return names;
    }

    /** The names in the first cell of every table row of docs/*.md. */
    static Set<String> documentedNames() {
        Set<String> names = new TreeSet<>();
        try (Stream<Path> docs = Files.list(Repository.file("docs"))) {
            for (Path doc :
                    docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                for (String line : Files.readAllLines(doc)) {
                    if (!line.startsWith("|")) {
                        continue;
                    }
                    String[] cells = line.split("\\|");
                    if (cells.length < 2) {
                        continue;
                    }
                    Matcher name = DOC_NAME.matcher(cells[1]);
                    while (name.find()) {
                        names.add(name.group(1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return names;
    }

    private static Set<String> difference(Set<String> a, Set<String> b) {
        Set<String> result = new TreeSet<>(a);
        result.removeAll(b);
        return result;
    }
}

package org.reservegrid.verifier.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * PolicyKey is the one list of policy keys: it agrees with the {@link Policy} record, and docs/policy.md and
 * config/policy.toml show every key with its default.
 */
class PolicyKeyTests {
    // Maven runs tests in the module directory.
    private static final Path REPOSITORY = Path.of("..");

    private static String camelCase(String tomlName) {
        StringBuilder out = new StringBuilder();
        boolean upper = false;
        for (char c : tomlName.toCharArray()) {
            if (c == '_') {
                upper = true;
            } else {
                out.append(upper ? Character.toUpperCase(c) : c);
                upper = false;
            }
        }
        return out.toString();
    }

    /** Another valid value for {@code key}, with every other key at its default. */
    private static Object otherValue(PolicyKey key) {
        return switch (key.kind()) {
            case INTEGER -> (Long) key.defaultValue() + 1;
            case BOOLEAN -> !(Boolean) key.defaultValue();
            case FLOAT -> 0.5;
        };
    }

    private static Object component(Policy policy, RecordComponent component) throws ReflectiveOperationException {
        Object value = component.getAccessor().invoke(policy);
        return value instanceof Integer number ? (Object) number.longValue() : value;
    }

    @Test
    void theKeysAreThePolicyComponentsInOrderAndReadThem() throws Exception {
        RecordComponent[] components = Policy.class.getRecordComponents();
        assertThat(Arrays.stream(components).map(RecordComponent::getName))
                .containsExactlyElementsOf(Arrays.stream(PolicyKey.values())
                        .map(key -> camelCase(key.tomlName()))
                        .toList());
        for (PolicyKey changed : PolicyKey.values()) {
            Policy policy = Policy.of(key -> key == changed ? otherValue(changed) : key.defaultValue());
            for (PolicyKey key : PolicyKey.values()) {
                Object expected = key == changed ? otherValue(changed) : key.defaultValue();
                assertThat(key.valueIn(policy))
                        .as("%s with %s changed", key, changed)
                        .isEqualTo(expected);
                assertThat(component(policy, components[key.ordinal()]))
                        .as("%s with %s changed", key, changed)
                        .isEqualTo(expected);
            }
        }
    }

    @Test
    void theDefaultsAreEveryKeysDefault() {
        for (PolicyKey key : PolicyKey.values()) {
            assertThat(key.valueIn(Policy.DEFAULTS)).as("%s", key).isEqualTo(key.defaultValue());
        }
    }

    @Test
    void docsPolicyMdListsEveryKeyWithItsDefaultInOrder() throws Exception {
        String docs = Files.readString(REPOSITORY.resolve("docs/policy.md"));
        Matcher row = Pattern.compile("(?m)^\\| `([a-z_]+)` \\| [^|]+ \\| `([^`]+)` \\|")
                .matcher(docs);
        List<String> documented = new java.util.ArrayList<>();
        while (row.find()) {
            documented.add(row.group(1) + " = " + row.group(2));
        }
        assertThat(documented)
                .containsExactlyElementsOf(Arrays.stream(PolicyKey.values())
                        .map(key -> key.tomlName() + " = " + key.defaultValue())
                        .toList());
    }

    @Test
    void theShippedPolicyFileSetsEveryKeyToItsDefaultInOrder() throws Exception {
        List<String> lines = Files.readAllLines(REPOSITORY.resolve("config/policy.toml")).stream()
                .filter(line -> !line.isBlank() && !line.startsWith("#") && !line.startsWith("["))
                .toList();
        assertThat(lines)
                .containsExactlyElementsOf(Arrays.stream(PolicyKey.values())
                        .map(key -> key.tomlName() + " = " + key.defaultValue())
                        .toList());
    }
}

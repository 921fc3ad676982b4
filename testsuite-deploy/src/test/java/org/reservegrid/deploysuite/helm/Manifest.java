package org.reservegrid.deploysuite.helm;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * One object of helm template's output, as parsed YAML (maps, lists, scalars), with the few ways of walking it the
 * checks need. A missing member reads as an empty map or list, so a check fails on what is absent instead of on a
 * NullPointerException.
 */
record Manifest(Map<String, Object> object) {

    /** Every non-empty document of a multi-document YAML stream. */
    static List<Manifest> parseAll(String yaml) {
        LoaderOptions options = new LoaderOptions();
        options.setAllowDuplicateKeys(false);
        List<Manifest> manifests = new ArrayList<>();
        for (Object document : new Yaml(new SafeConstructor(options)).loadAll(yaml)) {
            if (document instanceof Map<?, ?> map && !map.isEmpty()) {
                manifests.add(new Manifest(asMap(map)));
            }
        }
        return manifests;
    }

    String kind() {
        return string(object, "kind");
    }

    String name() {
        return string(map(object, "metadata"), "name");
    }

    boolean isWorkload() {
        return kind().equals("Deployment") || kind().equals("StatefulSet");
    }

    Map<String, Object> spec() {
        return map(object, "spec");
    }

    Map<String, Object> podSpec() {
        return map(map(spec(), "template"), "spec");
    }

    Map<String, Object> podLabels() {
        return map(map(map(spec(), "template"), "metadata"), "labels");
    }

    List<Map<String, Object>> containers() {
        return maps(podSpec(), "containers");
    }

    @Override
    public String toString() {
        return kind() + "/" + name();
    }

    // Walking parsed YAML.

    static Map<String, Object> map(Map<?, ?> parent, String key) {
        return parent.get(key) instanceof Map<?, ?> child ? asMap(child) : Map.of();
    }

    static List<Map<String, Object>> maps(Map<?, ?> parent, String key) {
        List<Map<String, Object>> maps = new ArrayList<>();
        if (parent.get(key) instanceof List<?> list) {
            for (Object item : list) {
                if (item instanceof Map<?, ?> m) {
                    maps.add(asMap(m));
                }
            }
        }
        return maps;
    }

    static List<String> strings(Map<?, ?> parent, String key) {
        List<String> strings = new ArrayList<>();
        if (parent.get(key) instanceof List<?> list) {
            for (Object item : list) {
                strings.add(String.valueOf(item));
            }
        }
        return strings;
    }

    static String string(Map<?, ?> parent, String key) {
        return Optional.ofNullable(parent.get(key)).map(String::valueOf).orElse("");
    }

    @SuppressWarnings("unchecked")
    static Map<String, Object> asMap(Map<?, ?> map) {
        return (Map<String, Object>) map;
    }
}

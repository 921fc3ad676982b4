package org.reservegrid.templates.settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.secret.Secret;
import org.reservegrid.noderpc.NodeEndpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import tools.jackson.databind.JsonNode;

/**
 * The current {@link RuntimeSettings}. Readers take a snapshot with {@link #current()}; updates are validated as a
 * whole and either replace the snapshot or change nothing. Listeners run after a successful update (the fetcher
 * uses it to drop a long poll on the old node at once).
 */
public final class SettingsStore {
    private static final Logger log = LoggerFactory.getLogger(SettingsStore.class);

    /** Fields of the GET answer that a client may send back unchanged; they are ignored. */
    private static final Set<String> ECHOED_READ_ONLY = Set.of("rpc_user_set", "rpc_pass_set", "read_only");

    private final AtomicReference<RuntimeSettings> current;
    private final List<Runnable> listeners = new CopyOnWriteArrayList<>();

    public SettingsStore(RuntimeSettings initial) {
        this.current = new AtomicReference<>(initial);
    }

    public RuntimeSettings current() {
        return current.get();
    }

    public void onChange(Runnable listener) {
        listeners.add(listener);
    }

    /**
     * Applies a partial update (JSON object with snake_case names, see docs/template-manager.md).
     *
     * @throws InvalidSettingsException naming every bad or unknown field; nothing changes then
     */
    public synchronized RuntimeSettings update(JsonNode body) {
        if (body == null || !body.isObject()) {
            throw new InvalidSettingsException(List.of("the body must be a JSON object"));
        }
        RuntimeSettings old = current.get();
        List<String> problems = new ArrayList<>();
        String url = old.node().url().toString();
        Secret user = old.node().user();
        Secret password = old.node().password();
        double poll = RuntimeSettings.secondsOf(old.pollInterval());
        boolean longPoll = old.longPoll();
        double longPollTimeout = RuntimeSettings.secondsOf(old.longPollTimeout());
        double rpcTimeout = RuntimeSettings.secondsOf(old.rpcTimeout());
        double refresh = RuntimeSettings.secondsOf(old.refreshInterval());
        double verdictTimeout = RuntimeSettings.secondsOf(old.verdictTimeout());

        for (Map.Entry<String, JsonNode> field : body.properties()) {
            String name = field.getKey();
            JsonNode value = field.getValue();
            switch (name) {
                case "rpc_url" -> url = string(name, value, problems, url);
                case "rpc_user" -> user = secret(name, value, problems, user);
                case "rpc_pass" -> password = secret(name, value, problems, password);
                case "poll_interval_secs" -> poll = number(name, value, problems, poll);
                case "longpoll" -> longPoll = bool(name, value, problems, longPoll);
                case "longpoll_timeout_secs" -> longPollTimeout = number(name, value, problems, longPollTimeout);
                case "rpc_timeout_secs" -> rpcTimeout = number(name, value, problems, rpcTimeout);
                case "refresh_secs" -> refresh = number(name, value, problems, refresh);
                case "verdict_timeout_secs" -> verdictTimeout = number(name, value, problems, verdictTimeout);
                default -> {
                    if (!ECHOED_READ_ONLY.contains(name)) {
                        problems.add("unknown setting '" + printable(name) + "'");
                    }
                }
            }
        }
        RuntimeSettings updated;
        try {
            updated = RuntimeSettings.validate(
                    url, user, password, poll, longPoll, longPollTimeout, rpcTimeout, refresh, verdictTimeout);
        } catch (InvalidSettingsException e) {
            problems.addAll(e.problems());
            updated = null;
        }
        if (!problems.isEmpty() || updated == null) {
            throw new InvalidSettingsException(problems);
        }
        current.set(updated);
        log.info(
                "settings updated: rpc_url={} poll={}s longpoll={} longpoll_timeout={}s rpc_timeout={}s refresh={}s"
                        + " verdict_timeout={}s credentials_changed={}",
                updated.node().url(),
                RuntimeSettings.secondsOf(updated.pollInterval()),
                updated.longPoll(),
                RuntimeSettings.secondsOf(updated.longPollTimeout()),
                RuntimeSettings.secondsOf(updated.rpcTimeout()),
                RuntimeSettings.secondsOf(updated.refreshInterval()),
                RuntimeSettings.secondsOf(updated.verdictTimeout()),
                !sameCredentials(old.node(), updated.node()));
        for (Runnable listener : listeners) {
            listener.run();
        }
        return updated;
    }

    private static boolean sameCredentials(NodeEndpoint a, NodeEndpoint b) {
        return java.util.Objects.equals(a.user(), b.user()) && java.util.Objects.equals(a.password(), b.password());
    }

    private static String string(String name, JsonNode value, List<String> problems, String fallback) {
        if (!value.isString()) {
            problems.add(name + " must be a string");
            return fallback;
        }
        return value.asString();
    }

    /** A string sets the secret, an empty string or null clears it. The value never appears in a problem. */
    private static @Nullable Secret secret(
            String name, JsonNode value, List<String> problems, @Nullable Secret fallback) {
        if (value.isNull()) {
            return null;
        }
        if (!value.isString()) {
            problems.add(name + " must be a string or null");
            return fallback;
        }
        return value.asString().isEmpty() ? null : Secret.of(value.asString());
    }

    private static double number(String name, JsonNode value, List<String> problems, double fallback) {
        if (!value.isNumber()) {
            problems.add(name + " must be a number of seconds");
            return fallback;
        }
        return value.asDouble();
    }

    private static boolean bool(String name, JsonNode value, List<String> problems, boolean fallback) {
        if (!value.isBoolean()) {
            problems.add(name + " must be true or false");
            return fallback;
        }
        return value.asBoolean();
    }

    private static String printable(String name) {
        StringBuilder clean = new StringBuilder();
        for (int i = 0; i < name.length() && clean.length() < 64; i++) {
            char c = name.charAt(i);
            clean.append(c >= 0x20 && c < 0x7f ? c : '?');
        }
        return clean.toString();
    }
}

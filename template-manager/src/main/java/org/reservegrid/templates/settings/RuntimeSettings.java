package org.reservegrid.templates.settings;

import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.jspecify.annotations.Nullable;
import org.reservegrid.common.secret.Secret;
import org.reservegrid.noderpc.NodeEndpoint;

/**
 * Settings that can change while the service runs ({@code PUT /api/settings}); start-up values come from the
 * environment. Instances are always valid: build them through {@link #validate}.
 *
 * @param pollInterval time between plain getblocktemplate calls (the fallback when long polling is unavailable,
 *     and the mempool-refresh cadence when it is)
 * @param longPoll whether to hold a getblocktemplate long poll open on the template's {@code longpollid}
 * @param longPollTimeout how long one long poll may stay open before it is re-issued
 * @param rpcTimeout deadline for every other node call
 * @param refreshInterval an unchanged template is proposed again once it is this old, so its curtime stays fresh
 * @param verdictTimeout how long a proposal waits for its verdict
 */
public record RuntimeSettings(
        NodeEndpoint node,
        Duration pollInterval,
        boolean longPoll,
        Duration longPollTimeout,
        Duration rpcTimeout,
        Duration refreshInterval,
        Duration verdictTimeout) {

    static final Range POLL = new Range("poll_interval_secs", 0.05, 3600);
    static final Range LONG_POLL_TIMEOUT = new Range("longpoll_timeout_secs", 1, 3600);
    static final Range RPC_TIMEOUT = new Range("rpc_timeout_secs", 0.1, 600);
    static final Range REFRESH = new Range("refresh_secs", 1, 3600);
    static final Range VERDICT_TIMEOUT = new Range("verdict_timeout_secs", 0.01, 600);

    /** Checks every field and returns the settings, or throws listing every problem. */
    public static RuntimeSettings validate(
            String rpcUrl,
            @Nullable Secret user,
            @Nullable Secret password,
            double pollSecs,
            boolean longPoll,
            double longPollTimeoutSecs,
            double rpcTimeoutSecs,
            double refreshSecs,
            double verdictTimeoutSecs) {
        List<String> problems = new ArrayList<>();
        URI url = parseNodeUrl(rpcUrl, problems);
        POLL.check(pollSecs, problems);
        LONG_POLL_TIMEOUT.check(longPollTimeoutSecs, problems);
        RPC_TIMEOUT.check(rpcTimeoutSecs, problems);
        REFRESH.check(refreshSecs, problems);
        VERDICT_TIMEOUT.check(verdictTimeoutSecs, problems);
        if (!problems.isEmpty() || url == null) {
            throw new InvalidSettingsException(problems);
        }
        return new RuntimeSettings(
                new NodeEndpoint(url, user, password),
                seconds(pollSecs),
                longPoll,
                seconds(longPollTimeoutSecs),
                seconds(rpcTimeoutSecs),
                seconds(refreshSecs),
                seconds(verdictTimeoutSecs));
    }

    /** http or https, a host, no user info (credentials belong in the secret settings), no query or fragment. */
    static @Nullable URI parseNodeUrl(String text, List<String> problems) {
        URI url;
        try {
            url = new URI(text.trim());
        } catch (URISyntaxException e) {
            problems.add("rpc_url is not a valid URL");
            return null;
        }
        String scheme = url.getScheme() == null ? "" : url.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https")) {
            problems.add("rpc_url must start with http:// or https://");
            return null;
        }
        if (url.getHost() == null || url.getHost().isEmpty()) {
            problems.add("rpc_url must name a host");
            return null;
        }
        if (url.getRawUserInfo() != null) {
            problems.add("rpc_url must not contain credentials; set rpc_user and rpc_pass instead");
            return null;
        }
        if (url.getRawQuery() != null || url.getRawFragment() != null) {
            problems.add("rpc_url must not have a query or fragment");
            return null;
        }
        return url;
    }

    static Duration seconds(double seconds) {
        return Duration.ofNanos(Math.round(seconds * 1e9));
    }

    static double secondsOf(Duration duration) {
        return duration.toNanos() / 1e9;
    }

    record Range(String name, double min, double max) {
        void check(double value, List<String> problems) {
            if (!Double.isFinite(value) || value < min || value > max) {
                problems.add(name + " must be between " + min + " and " + max + " seconds");
            }
        }
    }
}

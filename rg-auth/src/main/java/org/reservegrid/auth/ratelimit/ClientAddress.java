package org.reservegrid.auth.ratelimit;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.UnknownHostException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.reservegrid.auth.config.AuthSettings;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * The address a request comes from, for rate limits and the audit log: the TCP peer, or, when the peer is a
 * trusted proxy ({@code VELDRA_AUTH_TRUSTED_PROXIES}, loopback by default: the dashboard proxies from beside us),
 * the last address in {@code X-Forwarded-For} that the proxy appended. Anyone else's header is ignored, so a
 * client cannot pick its own rate-limit bucket.
 */
@Component
public class ClientAddress {
    private final List<InetAddress> trusted;

    public ClientAddress(AuthSettings settings) {
        this.trusted =
                settings.trustedProxies().stream().map(ClientAddress::literal).toList();
    }

    public String of(ServerHttpRequest request) {
        InetSocketAddress remote = request.getRemoteAddress();
        InetAddress peer = remote == null ? null : remote.getAddress();
        if (peer == null) {
            return "unknown";
        }
        if (trusted.contains(peer)) {
            String forwarded = lastForwarded(request.getHeaders().getFirst("X-Forwarded-For"));
            if (forwarded != null) {
                return forwarded;
            }
        }
        return peer.getHostAddress();
    }

    private static @Nullable String lastForwarded(@Nullable String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String[] hops = header.split(",");
        String last = hops[hops.length - 1].strip();
        return last.isEmpty() || last.length() > 64 ? null : last;
    }

    private static InetAddress literal(String address) {
        try {
            // Only literals: a host name here would mean a DNS lookup at start-up and a spoofable trust.
            if (!address.matches("[0-9a-fA-F:.]+")) {
                throw new org.reservegrid.common.config.ConfigException(
                        AuthSettings.TRUSTED_PROXIES, "must list IP addresses, got '" + address + "'");
            }
            return InetAddress.getByName(address);
        } catch (UnknownHostException e) {
            throw new org.reservegrid.common.config.ConfigException(
                    AuthSettings.TRUSTED_PROXIES, "must list IP addresses, got '" + address + "'");
        }
    }
}

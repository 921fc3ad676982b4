package org.reservegrid.dashboard.proxy;

import java.util.List;
import java.util.Optional;
import org.reservegrid.dashboard.config.DashboardSettings;
import org.springframework.stereotype.Component;

/** The route table: which service each {@code /api/...} prefix goes to. */
@Component
public class Backends {
    public static final String AUTH = "rg-auth";
    public static final String VERIFIER = "pool-verifier";
    public static final String TEMPLATE_MANAGER = "template-manager";
    public static final String GATEWAY = "sv2-gateway";

    private final Backend auth;
    private final List<Backend> all;

    Backends(DashboardSettings settings) {
        this.auth = new Backend(AUTH, "/api/auth", settings.authUrl(), "/api/auth", false);
        this.all = List.of(
                auth,
                new Backend(VERIFIER, "/api/verifier", settings.verifierUrl(), "/api", true),
                new Backend(TEMPLATE_MANAGER, "/api/templates", settings.templateManagerUrl(), "/api", true),
                new Backend(GATEWAY, "/api/gateway", settings.gatewayUrl(), "/api", true));
    }

    public Backend auth() {
        return auth;
    }

    /** rg-auth first, then the gated services. */
    public List<Backend> all() {
        return all;
    }

    Optional<Backend> forPath(String rawPath) {
        return all.stream().filter(backend -> backend.owns(rawPath)).findFirst();
    }
}

package org.reservegrid.gateway;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/** The settings an in-process gateway test starts from: ephemeral ports, a stub template manager, observe mode. */
final class InProcessGatewayEnvironment {
    static final String PAYOUT_SCRIPT = "0014" + "11".repeat(20);

    private InProcessGatewayEnvironment() {}

    /** A mutable map, so a test adds or overrides the settings it is about. */
    static Map<String, Object> observe(String templateManagerUrl, Path dataDir) {
        Map<String, Object> env = new HashMap<>();
        env.put("VELDRA_GATEWAY_HTTP_PORT", "0");
        env.put("VELDRA_GATEWAY_SV2_PORT", "0");
        env.put("VELDRA_TEMPLATE_MANAGER_URL", templateManagerUrl);
        env.put("VELDRA_GATEWAY_PAYOUT_SCRIPT", PAYOUT_SCRIPT);
        env.put("VELDRA_DATA_DIR", dataDir.toString());
        env.put("VELDRA_MODE", "observe");
        return env;
    }
}

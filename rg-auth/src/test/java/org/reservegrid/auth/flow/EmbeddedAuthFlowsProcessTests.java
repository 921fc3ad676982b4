package org.reservegrid.auth.flow;

import java.util.Map;

/** The flow suite on the default embedded database (H2 under VELDRA_DATA_DIR): a first run with no set-up. */
class EmbeddedAuthFlowsProcessTests extends AuthFlowsContract {
    @Override
    Map<String, String> databaseSettings() {
        return Map.of();
    }
}

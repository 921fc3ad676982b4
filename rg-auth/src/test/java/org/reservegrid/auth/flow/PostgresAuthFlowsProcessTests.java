package org.reservegrid.auth.flow;

import java.util.Map;
import org.reservegrid.testkit.db.PostgresServer;

/** The flow suite on a real PostgreSQL server (VELDRA_AUTH_DATABASE_URL), migrated by the same Flyway scripts. */
class PostgresAuthFlowsProcessTests extends AuthFlowsContract {
    @Override
    Map<String, String> databaseSettings() {
        return Map.of(
                "VELDRA_AUTH_DATABASE_URL",
                PostgresServer.shared().createDatabase("auth_flows").url());
    }
}

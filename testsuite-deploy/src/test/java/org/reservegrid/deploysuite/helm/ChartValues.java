package org.reservegrid.deploysuite.helm;

import java.util.List;
import java.util.Set;

/**
 * The two ways the tests install the chart. DEMO is the chart's own values.yaml with the one value it cannot
 * default (where a found block pays: a chart must not pick that for the operator); PRODUCTION is
 * values-production.yaml, the starting point docs/kubernetes.md gives operators.
 */
enum ChartValues {
    DEMO(
            List.of("--set", "sv2Gateway.payoutAddress=bcrt1qdemopayout"),
            Set.of(
                    "pool-verifier",
                    "template-manager",
                    "sv2-gateway",
                    "rg-auth",
                    "rg-dashboard",
                    "rg-demo-feed",
                    "rg-feed-adapter"),
            1),
    PRODUCTION(
            List.of("-f", "deploy/helm/reservegrid/values-production.yaml"),
            Set.of("pool-verifier", "template-manager", "sv2-gateway", "rg-auth", "rg-dashboard", "rg-feed-server"),
            3);

    static final String CHART = "deploy/helm/reservegrid";
    static final String RELEASE = "reservegrid";
    static final String NAMESPACE = "reservegrid";

    private final List<String> arguments;
    private final Set<String> services;
    private final int gatewayReplicas;

    ChartValues(List<String> arguments, Set<String> services, int gatewayReplicas) {
        this.arguments = arguments;
        this.services = services;
        this.gatewayReplicas = gatewayReplicas;
    }

    /** helm arguments that select these values (paths relative to the repository root). */
    List<String> arguments() {
        return arguments;
    }

    /** The services (module names) these values run. */
    Set<String> services() {
        return services;
    }

    int gatewayReplicas() {
        return gatewayReplicas;
    }
}

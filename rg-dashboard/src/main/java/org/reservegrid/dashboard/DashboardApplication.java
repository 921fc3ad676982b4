package org.reservegrid.dashboard;

import org.reservegrid.spring.startup.ServiceApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * rg-dashboard: the operator dashboard's front end and its API proxy on {@code VELDRA_DASHBOARD_PORT} (8084).
 * {@code /api/auth/**} goes to rg-auth unchanged; {@code /api/verifier/**}, {@code /api/templates/**} and
 * {@code /api/gateway/**} go to their service only for a valid rg-auth session.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class DashboardApplication {
    public static final String NAME = "rg-dashboard";

    public static void main(String[] args) {
        ServiceApplication.main(NAME, application(), args);
    }

    /** The application as {@code main} runs it; tests start it the same way with their own arguments. */
    public static SpringApplicationBuilder application() {
        return ServiceApplication.builder(NAME, DashboardApplication.class);
    }
}

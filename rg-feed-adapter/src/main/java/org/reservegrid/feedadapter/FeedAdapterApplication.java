package org.reservegrid.feedadapter;

import java.util.Map;
import org.reservegrid.feedadapter.config.LogFormat;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * rg-feed-adapter: follows a GBT feed over WebSocket (rg-demo-feed or rg-feed-server) and serves the latest
 * template through a bitcoind-compatible JSON-RPC endpoint, so template-manager can run in shadow mode unchanged.
 */
@SpringBootApplication(proxyBeanMethods = false)
@ConfigurationPropertiesScan
public class FeedAdapterApplication {

    public static void main(String[] args) {
        SpringApplicationBuilder application;
        try {
            application = application(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("rg-feed-adapter cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        application.run(args);
    }

    /** The application as {@code main} runs it; tests start it the same way with their own arguments. */
    public static SpringApplicationBuilder application(Map<String, String> environment) {
        return new SpringApplicationBuilder(FeedAdapterApplication.class)
                .properties("spring.config.name=rg-feed-adapter")
                .properties(
                        LogFormat.parse(environment.get("VELDRA_LOG_FORMAT")).springProperties());
    }
}

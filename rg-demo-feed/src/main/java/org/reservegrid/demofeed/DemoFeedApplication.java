package org.reservegrid.demofeed;

import java.util.Map;
import org.reservegrid.demofeed.config.LogFormat;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

/**
 * rg-demo-feed: a synthetic getblocktemplate source for shadow mode. It streams realistic frames over WebSocket on
 * {@code /ws} without a Bitcoin node; see docs/feed-protocol.md.
 */
@SpringBootApplication(proxyBeanMethods = false)
@ConfigurationPropertiesScan
public class DemoFeedApplication {

    public static void main(String[] args) {
        SpringApplicationBuilder application;
        try {
            application = application(System.getenv());
        } catch (IllegalArgumentException e) {
            System.err.println("rg-demo-feed cannot start: " + e.getMessage());
            System.exit(2);
            return;
        }
        application.run(args);
    }

    /** The application as {@code main} runs it; tests start it the same way with their own arguments. */
    public static SpringApplicationBuilder application(Map<String, String> environment) {
        return new SpringApplicationBuilder(DemoFeedApplication.class)
                .properties("spring.config.name=rg-demo-feed")
                .properties(
                        LogFormat.parse(environment.get("VELDRA_LOG_FORMAT")).springProperties());
    }
}

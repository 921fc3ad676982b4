package org.reservegrid.feedadapter;

import org.reservegrid.spring.startup.ServiceApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * rg-feed-adapter: follows a GBT feed over WebSocket (rg-demo-feed or rg-feed-server) and serves the latest
 * template through a bitcoind-compatible JSON-RPC endpoint, so template-manager can run in shadow mode unchanged.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class FeedAdapterApplication {
    public static final String NAME = "rg-feed-adapter";

    public static void main(String[] args) {
        ServiceApplication.main(NAME, application(), args);
    }

    /** The application as {@code main} runs it; tests start it the same way with their own arguments. */
    public static SpringApplicationBuilder application() {
        return ServiceApplication.builder(NAME, FeedAdapterApplication.class);
    }
}

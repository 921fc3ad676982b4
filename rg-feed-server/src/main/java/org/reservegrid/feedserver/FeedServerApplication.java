package org.reservegrid.feedserver;

import org.reservegrid.spring.startup.ServiceApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * rg-feed-server: relays live getblocktemplate frames from a node (or another feed server) to rg-feed-adapter
 * subscribers over an authenticated WebSocket on {@code /ws}; see docs/rg-feed-server.md.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class FeedServerApplication {
    public static final String NAME = "rg-feed-server";

    public static void main(String[] args) {
        ServiceApplication.main(NAME, application(), args);
    }

    /** The application as {@code main} runs it; tests start it the same way with their own arguments. */
    public static SpringApplicationBuilder application() {
        return ServiceApplication.builder(NAME, FeedServerApplication.class);
    }
}

package org.reservegrid.demofeed;

import org.reservegrid.spring.startup.ServiceApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * rg-demo-feed: a synthetic getblocktemplate source for shadow mode. It streams realistic frames over WebSocket on
 * {@code /ws} without a Bitcoin node; see docs/feed-protocol.md.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class DemoFeedApplication {
    public static final String NAME = "rg-demo-feed";

    public static void main(String[] args) {
        ServiceApplication.main(NAME, application(), args);
    }

    /** The application as {@code main} runs it; tests start it the same way with their own arguments. */
    public static SpringApplicationBuilder application() {
        return ServiceApplication.builder(NAME, DemoFeedApplication.class);
    }
}

package org.reservegrid.demofeed;

import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.builder.SpringApplicationBuilder;

/**
 * rg-demo-feed: a synthetic getblocktemplate source for shadow mode. It streams realistic frames over WebSocket on
 * {@code /ws} without a Bitcoin node; see docs/feed-protocol.md.
 */
@SpringBootApplication(proxyBeanMethods = false)
public class DemoFeedApplication {

    public static void main(String[] args) {
        application().run(args);
    }

    /** The application as {@code main} runs it; tests start it the same way with their own arguments. */
    public static SpringApplicationBuilder application() {
        return new SpringApplicationBuilder(DemoFeedApplication.class).properties("spring.config.name=rg-demo-feed");
    }
}

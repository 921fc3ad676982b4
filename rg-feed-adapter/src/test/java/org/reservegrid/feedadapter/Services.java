package org.reservegrid.feedadapter;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.BooleanSupplier;
import java.util.function.Predicate;
import org.jspecify.annotations.Nullable;
import org.reservegrid.demofeed.DemoFeedApplication;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Starts real demo feeds and adapters on loopback ports and talks to them over HTTP, for tests. */
public final class Services {
    public static final JsonMapper JSON = JsonMapper.builder().build();
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(10))
            .build();

    private Services() {}

    public static ConfigurableApplicationContext startFeed(int port, String... settings) {
        List<String> args =
                new ArrayList<>(List.of("--VELDRA_DEMO_FEED_PORT=" + port, "--VELDRA_DEMO_FEED_START_TIME=1750000000"));
        args.addAll(List.of(settings));
        return DemoFeedApplication.application().run(args.toArray(String[]::new));
    }

    public static ConfigurableApplicationContext startAdapter(String feedUrl, String... settings) {
        List<String> args = new ArrayList<>(List.of(
                "--VELDRA_FEED_ADAPTER_PORT=0",
                "--VELDRA_FEED_URL=" + feedUrl,
                "--VELDRA_FEED_RECONNECT_INITIAL_SECS=0.1",
                "--VELDRA_FEED_RECONNECT_MAX_SECS=0.4"));
        args.addAll(List.of(settings));
        return FeedAdapterApplication.application().run(args.toArray(String[]::new));
    }

    public static int port(ConfigurableApplicationContext context) {
        return ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    public static HttpResponse<String> get(int port, String path) throws IOException, InterruptedException {
        return HTTP.send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                        .timeout(Duration.ofSeconds(30))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
    }

    public static HttpResponse<String> post(int port, String body, @Nullable String user, @Nullable String password)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/"))
                .timeout(Duration.ofSeconds(60))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (user != null) {
            request.header(
                    "Authorization",
                    "Basic "
                            + Base64.getEncoder()
                                    .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The {@code /ready} body (whatever its status): {@code ready} and the {@code upstream} check. */
    public static JsonNode readiness(int port) throws IOException, InterruptedException {
        return JSON.readTree(get(port, "/ready").body());
    }

    /** A condition for {@code Await.until} that treats I/O failures as "not yet". */
    public static BooleanSupplier readinessSays(int port, Predicate<JsonNode> predicate) {
        return () -> {
            try {
                return predicate.test(readiness(port));
            } catch (IOException e) {
                return false;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        };
    }
}

package org.reservegrid.dashboard.proxy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.reservegrid.dashboard.DashboardApplication;
import org.reservegrid.testkit.Await;
import org.reservegrid.testkit.FreePorts;
import org.reservegrid.testkit.http.Http;
import org.reservegrid.testkit.http.HttpResult;
import org.reservegrid.testkit.process.AuthProcess;
import org.reservegrid.testkit.process.ServiceJars;
import org.springframework.context.ConfigurableApplicationContext;
import tools.jackson.databind.JsonNode;

/**
 * The dashboard in-process in front of the real rg-auth jar and a recording stub standing in for pool-verifier
 * (template-manager's URL is a port nobody listens on). Every refusal is also checked on the stub's side: the
 * request never reached it.
 */
class DashboardProxyProcessTests {
    private static final String ADMIN = "admin@example.test";
    private static final String VIEWER = "viewer@example.test";
    private static final String PASSWORD = "violet-harbour-lantern-93";
    private static final String SECRET = "backend-api-secret-4f9a1c";
    private static final String JSON = "application/json";

    private static AuthProcess auth;
    private static StubBackend verifier;
    private static ConfigurableApplicationContext dashboard;
    /** A second dashboard whose rg-auth is a closed port. Open until the end: Reactor Netty's event loops are shared
     * by both in this JVM, and closing one context stops them for the other as well. */
    private static ConfigurableApplicationContext noAuth;

    private static Http http;
    /**
     * rg-auth itself, for making the test accounts: Argon2 on a busy machine can outlast the 2 s backend timeout the
     * dashboards here use (for the 504 test), and account setup is not what these tests are about.
     */
    private static Http authDirect;

    private static Login admin;
    private static Login viewer;

    record Login(String token, String csrf, String cookie) {}

    @BeforeAll
    static void start() {
        auth = AuthProcess.start(
                ServiceJars.require("rg-auth"),
                Map.of("VELDRA_AUTH_ADMIN_EMAIL", ADMIN, "VELDRA_AUTH_RATE_LIMIT_MULTIPLIER", "1000"));
        verifier = new StubBackend();
        dashboard = startDashboard("http://127.0.0.1:" + auth.port());
        http = Http.loopback(port(dashboard));
        authDirect = Http.loopback(auth.port());
        noAuth = startDashboard("http://127.0.0.1:" + FreePorts.loopback());
        admin = registerAndLogIn(ADMIN);
        register(VIEWER);
        long viewerId = pendingId(VIEWER);
        HttpResult approved = authDirect.send(
                "POST",
                "/api/auth/admin/users/" + viewerId + "/approve",
                "{\"role\":\"viewer\"}",
                "Content-Type",
                JSON,
                "Authorization",
                "Bearer " + admin.token());
        assertEquals(200, approved.status(), approved.toString());
        viewer = logIn(VIEWER);
    }

    @AfterAll
    static void stop() {
        if (noAuth != null) {
            noAuth.close();
        }
        if (dashboard != null) {
            dashboard.close();
        }
        if (verifier != null) {
            verifier.close();
        }
        if (auth != null) {
            auth.close();
        }
    }

    @BeforeEach
    void forgetRequests() {
        verifier.forget();
    }

    @Test
    void loginThroughTheDashboardSetsTheCookieAndMeAnswersThroughIt() {
        HttpResult login = http.send(
                "POST",
                "/api/auth/login",
                "{\"email\":\"" + ADMIN + "\",\"password\":\"" + PASSWORD + "\"}",
                "Content-Type",
                JSON);
        assertEquals(200, login.status(), login.toString());
        String setCookie = login.headers().firstValue("Set-Cookie").orElse("");
        assertTrue(setCookie.startsWith("rg_session="), setCookie);
        assertTrue(setCookie.contains("HttpOnly"), setCookie);
        String cookie = setCookie.substring(0, setCookie.indexOf(';'));

        HttpResult me = http.send("GET", "/api/auth/me", null, "Cookie", cookie);
        assertEquals(200, me.status(), me.toString());
        assertEquals(ADMIN, me.json().get("email").asString());
        assertEquals("admin", me.json().get("role").asString());
        assertEquals(
                login.json().get("csrf_token").asString(),
                me.json().get("csrf_token").asString());
    }

    @Test
    void noSessionReachesNoBackend() {
        List<HttpResult> refused = List.of(
                http.get("/api/verifier/status"),
                http.send("GET", "/api/verifier/status", null, "Cookie", "rg_session=forged-session-token"),
                http.send("GET", "/api/verifier/status", null, "Authorization", "Bearer forged-session-token"),
                http.send("GET", "/api/verifier/status", null, "Authorization", "Basic YWRtaW46YWRtaW4="),
                http.send("POST", "/api/verifier/policy", "{}", "Content-Type", JSON));
        for (HttpResult result : refused) {
            assertEquals(401, result.status(), result.toString());
            assertEquals("not_authenticated", result.json().get("error").asString());
        }
        assertEquals(List.of(), verifier.apiRequests());
    }

    @Test
    void aLoggedOutSessionIsRefused() {
        Login session = logIn(ADMIN);
        assertEquals(200, readVerifier(session.cookie()).status());
        HttpResult logout = http.send("POST", "/api/auth/logout", null, "Authorization", "Bearer " + session.token());
        assertEquals(200, logout.status(), logout.toString());
        verifier.forget();

        HttpResult byCookie = readVerifier(session.cookie());
        HttpResult byToken =
                http.send("GET", "/api/verifier/status", null, "Authorization", "Bearer " + session.token());

        assertEquals(401, byCookie.status(), byCookie.toString());
        assertEquals(401, byToken.status(), byToken.toString());
        assertEquals(List.of(), verifier.apiRequests());
    }

    @Test
    void aCookieWriteNeedsTheCsrfToken() {
        HttpResult missing =
                http.send("POST", "/api/verifier/policy", "{}", "Content-Type", JSON, "Cookie", admin.cookie());
        HttpResult wrong = http.send(
                "POST",
                "/api/verifier/policy",
                "{}",
                "Content-Type",
                JSON,
                "Cookie",
                admin.cookie(),
                "X-CSRF-Token",
                "not-the-token");
        for (HttpResult result : List.of(missing, wrong)) {
            assertEquals(403, result.status(), result.toString());
            assertEquals("csrf_token_invalid", result.json().get("error").asString());
        }
        assertEquals(List.of(), verifier.apiRequests());

        HttpResult allowed = http.send(
                "POST",
                "/api/verifier/policy",
                "{\"max\":1}",
                "Content-Type",
                JSON,
                "Cookie",
                admin.cookie(),
                "X-CSRF-Token",
                admin.csrf());
        assertEquals(200, allowed.status(), allowed.toString());
        StubBackend.Received got = verifier.apiRequests().getFirst();
        assertEquals("POST", got.method());
        assertEquals("/api/policy", got.path());
        assertEquals("{\"max\":1}", got.body());
        assertEquals("", got.header("X-CSRF-Token"));
    }

    @Test
    void aViewerReadsButMayNotWrite() {
        HttpResult byToken = http.send(
                "PUT", "/api/verifier/policy", "{}", "Content-Type", JSON, "Authorization", "Bearer " + viewer.token());
        HttpResult byCookie = http.send(
                "DELETE", "/api/verifier/policy", null, "Cookie", viewer.cookie(), "X-CSRF-Token", viewer.csrf());
        for (HttpResult result : List.of(byToken, byCookie)) {
            assertEquals(403, result.status(), result.toString());
            assertEquals("insufficient_role", result.json().get("error").asString());
        }
        assertEquals(List.of(), verifier.apiRequests());

        HttpResult read = readVerifier(viewer.cookie());
        assertEquals(200, read.status(), read.toString());
        assertEquals(1, verifier.apiRequests().size());
    }

    @Test
    void aViewerMayValidateAndWhatIfAPolicyDraftButNotApplyIt() {
        String draft = "[policy]\nmax_tx_count = 10\n";
        HttpResult validate = http.send(
                "POST",
                "/api/verifier/policy/validate",
                draft,
                "Content-Type",
                "text/plain",
                "Cookie",
                viewer.cookie(),
                "X-CSRF-Token",
                viewer.csrf());
        HttpResult whatIf = http.send(
                "POST",
                "/api/verifier/policy/what-if?last=50",
                draft,
                "Content-Type",
                "text/plain",
                "Authorization",
                "Bearer " + viewer.token());
        assertEquals(200, validate.status(), validate.toString());
        assertEquals(200, whatIf.status(), whatIf.toString());
        List<StubBackend.Received> dryRuns = verifier.apiRequests();
        assertEquals(2, dryRuns.size(), dryRuns.toString());
        assertEquals("/api/policy/validate", dryRuns.get(0).path());
        assertEquals(draft, dryRuns.get(0).body());
        assertEquals("/api/policy/what-if", dryRuns.get(1).path());
        assertEquals("last=50", dryRuns.get(1).query());
        verifier.forget();

        // A dry run is still a cookie write as far as CSRF goes.
        HttpResult noCsrf = http.send(
                "POST",
                "/api/verifier/policy/validate",
                draft,
                "Content-Type",
                "text/plain",
                "Cookie",
                viewer.cookie());
        assertEquals(403, noCsrf.status(), noCsrf.toString());
        assertEquals("csrf_token_invalid", noCsrf.json().get("error").asString());

        // Only those exact POSTs: the apply itself, another method on a dry-run path, or another spelling of it
        // remain writes.
        List<HttpResult> writes = List.of(
                http.send(
                        "PUT",
                        "/api/verifier/policy",
                        draft,
                        "Content-Type",
                        "text/plain",
                        "Authorization",
                        "Bearer " + viewer.token()),
                http.send(
                        "PUT",
                        "/api/verifier/policy/validate",
                        draft,
                        "Content-Type",
                        "text/plain",
                        "Authorization",
                        "Bearer " + viewer.token()),
                http.send(
                        "POST",
                        "/api/verifier/policy/validate/",
                        draft,
                        "Content-Type",
                        "text/plain",
                        "Authorization",
                        "Bearer " + viewer.token()),
                http.send(
                        "POST",
                        "/api/verifier/policy/%76alidate",
                        draft,
                        "Content-Type",
                        "text/plain",
                        "Authorization",
                        "Bearer " + viewer.token()));
        for (HttpResult result : writes) {
            assertEquals(403, result.status(), result.toString());
            assertEquals("insufficient_role", result.json().get("error").asString());
        }
        assertEquals(List.of(), verifier.apiRequests());
    }

    @Test
    void theBackendGetsTheApiSecretAndNeverTheBrowsersSession() {
        HttpResult result = http.send(
                "GET",
                "/api/verifier/verdicts?limit=10&after=a%20b",
                null,
                "Cookie",
                admin.cookie(),
                "X-Forwarded-For",
                "203.0.113.7");

        assertEquals(200, result.status(), result.toString());
        StubBackend.Received got = verifier.apiRequests().getFirst();
        assertEquals("/api/verdicts", got.path());
        assertEquals("limit=10&after=a%20b", got.query());
        assertEquals("Bearer " + SECRET, got.header("Authorization"));
        assertEquals("", got.header("Cookie"));
        assertEquals("127.0.0.1", got.header("X-Forwarded-For"));
        result.headers().map().forEach((name, values) -> {
            for (String value : values) {
                assertFalse(value.contains(SECRET), name + ": " + value);
                assertFalse(value.contains(admin.token()), name + ": " + value);
            }
        });
        assertFalse(result.body().contains(SECRET), result.body());
        assertEquals(List.of(), result.headers().allValues("Set-Cookie"), "only rg-auth sets cookies");

        HttpResult byToken = http.send("GET", "/api/verifier/status", null, "Authorization", "Bearer " + admin.token());
        assertEquals(200, byToken.status(), byToken.toString());
        assertEquals("Bearer " + SECRET, verifier.apiRequests().get(1).header("Authorization"));
    }

    @Test
    void aStoppedBackendIsA502NamingTheService() {
        HttpResult result = http.send("GET", "/api/templates/templates", null, "Cookie", admin.cookie());

        assertEquals(502, result.status(), result.toString());
        assertEquals("backend_unavailable", result.json().get("error").asString());
        assertEquals("template-manager", result.json().get("service").asString());
        assertFalse(result.body().contains("Exception"), result.body());
    }

    @Test
    void aBackendThatDoesNotAnswerIsA504() {
        HttpResult result = http.send("GET", "/api/verifier/slow", null, "Cookie", admin.cookie());

        assertEquals(504, result.status(), result.toString());
        assertEquals("backend_timeout", result.json().get("error").asString());
        assertEquals("pool-verifier", result.json().get("service").asString());
    }

    @Test
    void anEventStreamArrivesEventByEvent() throws Exception {
        HttpRequest request = HttpRequest.newBuilder(URI.create(http.base() + "/api/verifier/stream"))
                .header("Cookie", admin.cookie())
                .header("Accept", "text/event-stream")
                .GET()
                .build();
        try (HttpClient client = HttpClient.newHttpClient()) {
            HttpResponse<InputStream> response = client.send(request, HttpResponse.BodyHandlers.ofInputStream());
            assertEquals(200, response.statusCode());
            try (BufferedReader lines =
                    new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
                // The stub holds the second event back until the first one has come through the dashboard.
                assertEquals("data: one", lines.readLine());
                verifier.releaseStream();
                assertEquals("", lines.readLine());
                assertEquals("data: two", lines.readLine());
            }
        }
    }

    @Test
    void withRgAuthDownTheGatedRoutesAre503() {
        Http other = Http.loopback(port(noAuth));
        HttpResult result = other.send("GET", "/api/verifier/status", null, "Authorization", "Bearer " + admin.token());
        assertEquals(503, result.status(), result.toString());
        assertEquals("auth_unavailable", result.json().get("error").asString());
        assertEquals(List.of(), verifier.apiRequests());

        HttpResult login = other.send("POST", "/api/auth/login", "{}", "Content-Type", JSON);
        assertEquals(502, login.status(), login.toString());
        assertEquals("rg-auth", login.json().get("service").asString());

        Await.until(
                "the readiness probe has tried rg-auth",
                () -> !other.get("/ready").body().contains("unknown"));
        HttpResult ready = other.get("/ready");
        assertEquals(503, ready.status(), ready.toString());
        assertTrue(ready.body().contains("auth_unavailable"), ready.body());
    }

    @Test
    void readyListsEveryBackend() {
        Await.until(
                "the readiness probe has asked every service",
                () -> !http.get("/ready").body().contains("unknown"));
        HttpResult ready = http.get("/ready");
        assertEquals(200, ready.status(), ready.toString());
        JsonNode check = ready.json().get("checks").get("auth");
        assertEquals("ready", check.get("rg_auth").asString());
        assertEquals("ready", check.get("pool_verifier").asString());
        assertEquals("unreachable", check.get("template_manager").asString());
    }

    @Test
    void readinessViewRelaysEachServicesReadyAnswerToASessionOnly() {
        HttpResult anonymous = http.get("/api/dashboard/readiness");
        assertEquals(401, anonymous.status(), anonymous.toString());
        assertEquals("not_authenticated", anonymous.json().get("error").asString());

        Await.until(
                "the readiness probe has asked every service",
                () -> !http.get("/ready").body().contains("unknown"));
        HttpResult view =
                http.send("GET", "/api/dashboard/readiness", null, "Authorization", "Bearer " + viewer.token());
        assertEquals(200, view.status(), view.toString());
        JsonNode services = view.json().get("services");
        JsonNode stub = services.get("pool-verifier");
        assertEquals("ready", stub.get("state").asString());
        // The stub answers every path with what it received: its /ready body came through as the service sent it.
        assertEquals("/ready", stub.get("ready").get("path").asString());
        assertFalse(stub.get("checked_at").isNull(), stub.toString());
        JsonNode down = services.get("template-manager");
        assertEquals("unreachable", down.get("state").asString());
        assertTrue(down.get("ready").isNull(), down.toString());
        assertEquals("ready", services.get("rg-auth").get("state").asString());
        assertEquals("ready", services.get("rg-auth").get("ready").get("status").asString());
        assertEquals(List.of(), verifier.apiRequests());
    }

    @Test
    void pageRoutesServeTheFrontEndWithItsSecurityHeaders() {
        for (String path : List.of("/", "/login", "/verify?token=abc123", "/admin/users")) {
            HttpResult page = http.get(path);
            assertEquals(200, page.status(), path + ": " + page);
            assertTrue(page.body().contains("rg-dashboard-test-index"), path + ": " + page);
            assertEquals(
                    "default-src 'self'; frame-ancestors 'none'",
                    page.headers().firstValue("Content-Security-Policy").orElse(""));
            assertEquals(
                    "nosniff",
                    page.headers().firstValue("X-Content-Type-Options").orElse(""));
            assertEquals(
                    "no-referrer", page.headers().firstValue("Referrer-Policy").orElse(""));
        }
        assertEquals(404, http.get("/assets/missing.js").status());
        HttpResult unknownApi = http.get("/api/nothing-here");
        assertEquals(404, unknownApi.status(), unknownApi.toString());
        assertEquals("not_found", unknownApi.json().get("error").asString());
        HttpResult climbing = http.send("GET", "/api/verifier/%2e%2e/admin", null, "Cookie", admin.cookie());
        assertEquals(400, climbing.status(), climbing.toString());
        assertEquals(List.of(), verifier.apiRequests());
    }

    @Test
    void metricsCountProxiedRequests() {
        assertEquals(200, readVerifier(admin.cookie()).status());
        assertEquals(
                200,
                http.send("GET", "/api/auth/me", null, "Cookie", admin.cookie()).status());
        String metrics = http.get("/metrics").body();
        assertTrue(
                metrics.contains("rg_dashboard_proxy_requests_total{backend=\"pool-verifier\",status=\"200\"}"),
                metrics);
        assertTrue(metrics.contains("rg_dashboard_proxy_seconds_count{backend=\"rg-auth\"}"), metrics);
    }

    private static HttpResult readVerifier(String cookie) {
        return http.send("GET", "/api/verifier/status", null, "Cookie", cookie);
    }

    private static ConfigurableApplicationContext startDashboard(String authUrl) {
        return DashboardApplication.application()
                .run(
                        "--VELDRA_DASHBOARD_BIND=127.0.0.1",
                        "--VELDRA_DASHBOARD_PORT=0",
                        "--VELDRA_AUTH_URL=" + authUrl,
                        "--VELDRA_VERIFIER_URL=" + verifier.url(),
                        "--VELDRA_TEMPLATE_MANAGER_URL=http://127.0.0.1:" + FreePorts.loopback(),
                        "--VELDRA_GATEWAY_URL=http://127.0.0.1:" + FreePorts.loopback(),
                        "--VELDRA_API_SECRET=" + SECRET,
                        // Long enough for rg-auth's Argon2 work on a loaded 2-core CI machine; the 504 test waits it
                        // out.
                        "--VELDRA_DASHBOARD_BACKEND_TIMEOUT_SECS=15");
    }

    private static int port(ConfigurableApplicationContext context) {
        return Integer.parseInt(context.getEnvironment().getRequiredProperty("local.server.port"));
    }

    private static void register(String email) {
        HttpResult registered = authDirect.post(
                "/api/auth/register", JSON, "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
        assertEquals(202, registered.status(), registered.toString());
        String token = auth.awaitEmail(email, 1, Duration.ofSeconds(30)).token();
        HttpResult verified = authDirect.post("/api/auth/verify", JSON, "{\"token\":\"" + token + "\"}");
        assertEquals(200, verified.status(), verified.toString());
    }

    private static Login registerAndLogIn(String email) {
        register(email);
        return logIn(email);
    }

    private static Login logIn(String email) {
        HttpResult login = authDirect.post(
                "/api/auth/login", JSON, "{\"email\":\"" + email + "\",\"password\":\"" + PASSWORD + "\"}");
        assertEquals(200, login.status(), login.toString());
        String setCookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        return new Login(
                login.json().get("token").asString(),
                login.json().get("csrf_token").asString(),
                setCookie.substring(0, setCookie.indexOf(';')));
    }

    private static long pendingId(String email) {
        HttpResult pending = authDirect.send(
                "GET", "/api/auth/admin/users?state=pending", null, "Authorization", "Bearer " + admin.token());
        assertEquals(200, pending.status(), pending.toString());
        for (JsonNode user : pending.json().get("users")) {
            if (user.get("email").asString().equals(email)) {
                return user.get("id").asLong();
            }
        }
        throw new AssertionError(email + " is not pending: " + pending);
    }
}

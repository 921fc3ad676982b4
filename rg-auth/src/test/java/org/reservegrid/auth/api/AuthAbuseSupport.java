package org.reservegrid.auth.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.stream.Stream;
import org.reservegrid.testkit.Await;
import org.reservegrid.testkit.http.HttpResult;
import org.reservegrid.testkit.process.AuthProcess;
import org.reservegrid.testkit.process.ServiceJars;
import org.reservegrid.testkit.process.StubEmail;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * What the abuse suites (enumeration, rate limits, concurrency, bad input) do to a real rg-auth over HTTP: start it,
 * build JSON bodies, post as a chosen client address ({@code X-Forwarded-For}, trusted from loopback by default),
 * make a bootstrap admin and accounts in each state, and read the audit log through the admin API.
 */
final class AuthAbuseSupport {
    /** Passes the password rules (12+ characters, not on the common list, not the address). */
    static final String PASSWORD = "plum orbit kettle 42";

    static final String ADMIN_EMAIL = "admin@abuse.example";
    static final Duration MAIL_TIMEOUT = Duration.ofSeconds(30);

    static final String VERIFY_SUBJECT = "Verify your ReserveGrid OS account";
    static final String RESET_SUBJECT = "Reset your ReserveGrid OS password";
    static final String ALREADY_REGISTERED_SUBJECT = "Your ReserveGrid OS account";

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private AuthAbuseSupport() {}

    /** rg-auth from its packaged jar with the bootstrap admin {@link #ADMIN_EMAIL} plus {@code settings}. */
    static AuthProcess start(Map<String, String> settings) {
        return startAll(List.of(settings)).getFirst();
    }

    /**
     * Several rg-auth processes started side by side (JVM start-up is most of a suite's time); if one fails the
     * others are closed and the failure is rethrown as it was (a missing prerequisite stays a skip).
     */
    static List<AuthProcess> startAll(List<Map<String, String>> settings) {
        Path jar = ServiceJars.require("rg-auth");
        List<CompletableFuture<AuthProcess>> starting = settings.stream()
                .map(each -> CompletableFuture.supplyAsync(() -> AuthProcess.start(jar, withAdmin(each))))
                .toList();
        List<AuthProcess> started = new ArrayList<>();
        Throwable failure = null;
        for (CompletableFuture<AuthProcess> future : starting) {
            try {
                started.add(future.join());
            } catch (CompletionException e) {
                failure = failure == null ? e.getCause() : failure;
            }
        }
        if (failure != null) {
            started.forEach(AuthProcess::close);
            if (failure instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (failure instanceof Error error) {
                throw error;
            }
            throw new IllegalStateException(failure);
        }
        return started;
    }

    private static Map<String, String> withAdmin(Map<String, String> settings) {
        Map<String, String> all = new HashMap<>(settings);
        all.putIfAbsent("VELDRA_AUTH_ADMIN_EMAIL", ADMIN_EMAIL);
        return all;
    }

    /** A JSON object from name/value pairs; values keep their JSON type (string, number, boolean, array...). */
    static String json(Object... namesAndValues) {
        ObjectNode node = JSON.createObjectNode();
        for (int i = 0; i < namesAndValues.length; i += 2) {
            node.set((String) namesAndValues[i], JSON.valueToTree(namesAndValues[i + 1]));
        }
        return JSON.writeValueAsString(node);
    }

    static HttpResult post(AuthProcess auth, String path, String body, String... headers) {
        return auth.http().send("POST", path, body, withContentType(headers));
    }

    /** A POST as if from {@code client}: the loopback peer is a trusted proxy unless the test configured others. */
    static HttpResult postFrom(AuthProcess auth, String client, String path, String body, String... headers) {
        String[] all = Stream.concat(Stream.of("X-Forwarded-For", client), Arrays.stream(headers))
                .toArray(String[]::new);
        return post(auth, path, body, all);
    }

    private static String[] withContentType(String... headers) {
        return Stream.concat(Stream.of("Content-Type", "application/json"), Arrays.stream(headers))
                .toArray(String[]::new);
    }

    /** A logged-in admin's bearer token. */
    record Admin(String token) {
        String[] bearer() {
            return new String[] {"Authorization", "Bearer " + token};
        }
    }

    /** Registers {@link #ADMIN_EMAIL}, follows its verification link and logs in: the bootstrap admin. */
    static Admin bootstrapAdmin(AuthProcess auth) {
        assertStatus(post(auth, "/api/auth/register", json("email", ADMIN_EMAIL, "password", PASSWORD)), 202);
        String token = awaitEmail(auth, ADMIN_EMAIL, VERIFY_SUBJECT, 1).token();
        HttpResult verified = post(auth, "/api/auth/verify", json("token", token));
        assertStatus(verified, 200);
        assertThat(verified.json().get("state").asString()).isEqualTo("active");
        return new Admin(login(auth, ADMIN_EMAIL, PASSWORD));
    }

    /** Logs in and returns the session token; fails unless the login succeeds. */
    static String login(AuthProcess auth, String email, String password) {
        HttpResult login = post(auth, "/api/auth/login", json("email", email, "password", password));
        assertStatus(login, 200);
        return login.json().get("token").asString();
    }

    /** Registers {@code email} and leaves it unverified. */
    static void registerUnverified(AuthProcess auth, String email, String password) {
        assertStatus(post(auth, "/api/auth/register", json("email", email, "password", password)), 202);
        awaitEmail(auth, email, VERIFY_SUBJECT, 1);
    }

    /** Registers and verifies {@code email}: it waits for approval. Returns the account id. */
    static long registerPending(AuthProcess auth, Admin admin, String email, String password) {
        registerUnverified(auth, email, password);
        String token = awaitEmail(auth, email, VERIFY_SUBJECT, 1).token();
        HttpResult verified = post(auth, "/api/auth/verify", json("token", token));
        assertStatus(verified, 200);
        assertThat(verified.json().get("state").asString()).isEqualTo("pending");
        return accountId(auth, admin, "pending", email);
    }

    /** A registered, verified and approved account. Returns the account id. */
    static long registerActive(AuthProcess auth, Admin admin, String email, String password) {
        long id = registerPending(auth, admin, email, password);
        assertStatus(post(auth, "/api/auth/admin/users/" + id + "/approve", "{}", admin.bearer()), 200);
        return id;
    }

    /** An approved account an admin then disabled. Returns the account id. */
    static long registerDisabled(AuthProcess auth, Admin admin, String email, String password) {
        long id = registerActive(auth, admin, email, password);
        assertStatus(post(auth, "/api/auth/admin/users/" + id + "/disable", "{}", admin.bearer()), 200);
        return id;
    }

    /** The id of the account with this address among the accounts in {@code state}; fails if there is none. */
    static long accountId(AuthProcess auth, Admin admin, String state, String email) {
        List<JsonNode> matching = accounts(auth, admin, state).stream()
                .filter(account -> account.get("email").asString().equalsIgnoreCase(email))
                .toList();
        assertThat(matching).as("%s accounts with the address %s", state, email).hasSize(1);
        return matching.getFirst().get("id").asLong();
    }

    /** Every account in {@code state}, through all pages of the admin list. */
    static List<JsonNode> accounts(AuthProcess auth, Admin admin, String state) {
        return pages(auth, admin, "/api/auth/admin/users?state=" + state + "&limit=200", "users");
    }

    /** The whole audit log, newest first, through all pages. */
    static List<JsonNode> audit(AuthProcess auth, Admin admin) {
        return pages(auth, admin, "/api/auth/admin/audit?limit=200", "entries");
    }

    private static List<JsonNode> pages(AuthProcess auth, Admin admin, String firstPage, String member) {
        List<JsonNode> all = new ArrayList<>();
        String path = firstPage;
        while (true) {
            HttpResult page = auth.http().send("GET", path, null, admin.bearer());
            assertStatus(page, 200);
            JsonNode body = page.json();
            body.get(member).forEach(all::add);
            JsonNode next = body.get("next_before");
            if (next == null || next.isNull()) {
                return all;
            }
            path = firstPage + "&before=" + next.asLong();
        }
    }

    /** The audit events recorded for {@code email}, oldest first. */
    static List<String> auditEvents(AuthProcess auth, Admin admin, String email) {
        List<String> events = new ArrayList<>(audit(auth, admin).stream()
                .filter(entry -> entry.hasNonNull("email")
                        && entry.get("email").asString().equalsIgnoreCase(email))
                .map(entry -> entry.get("event").asString())
                .toList());
        Collections.reverse(events);
        return events;
    }

    /** The {@code nth} (1-based) email to {@code to} with this subject, once it is out. */
    static StubEmail awaitEmail(AuthProcess auth, String to, String subject, int nth) {
        Await.until(
                nth + " emails '" + subject + "' to " + to,
                MAIL_TIMEOUT,
                () -> emailsTo(auth, to, subject).size() >= nth);
        return emailsTo(auth, to, subject).get(nth - 1);
    }

    static List<StubEmail> emailsTo(AuthProcess auth, String to, String subject) {
        String address = to.toLowerCase(Locale.ROOT);
        return auth.emails().stream()
                .filter(email -> email.to().toLowerCase(Locale.ROOT).equals(address))
                .filter(email -> email.subject().equals(subject))
                .toList();
    }

    static void assertStatus(HttpResult result, int status) {
        assertThat(result.status()).as("%s", result).isEqualTo(status);
    }

    /** Where the log ends now, so that a test can read only what its own requests wrote. */
    static int logMark(AuthProcess auth) {
        return auth.log().length();
    }

    static String logSince(AuthProcess auth, int mark) {
        String log = auth.log();
        return log.substring(Math.min(mark, log.length()));
    }
}

package org.reservegrid.auth.api;

import static org.assertj.core.api.Assertions.assertThat;
import static org.reservegrid.auth.api.AuthAbuseSupport.PASSWORD;
import static org.reservegrid.auth.api.AuthAbuseSupport.RESET_SUBJECT;
import static org.reservegrid.auth.api.AuthAbuseSupport.VERIFY_SUBJECT;
import static org.reservegrid.auth.api.AuthAbuseSupport.json;
import static org.reservegrid.auth.api.AuthAbuseSupport.post;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.reservegrid.auth.api.AuthAbuseSupport.Admin;
import org.reservegrid.testkit.http.HttpResult;
import org.reservegrid.testkit.process.AuthProcess;
import tools.jackson.databind.JsonNode;

/**
 * Whatever a client sends, rg-auth answers a 4xx {@code {"error", "message"}} naming what was wrong: bodies that are
 * not JSON, not an object, cut short, too large, with too long, mistyped, unknown or missing members; bad admin
 * query parameters; unknown paths and wrong methods. Never a 500, never a stack trace in the answer or an
 * exception in the log, and a refused request leaves nothing behind (no account, no email, no used-up token).
 */
class BadInputProcessTests {
    /** Spring's limit is 16 KB; this is past it with room to spare. */
    private static final int OVERSIZED_BODY = 17 * 1024;

    private static final String MALFORMED = "malformed_body";
    private static final List<String> INTERNALS = List.of(
            "Exception", "\tat ", "java.", "org.reservegrid", "org.springframework", "tools.jackson", "reactor.");

    private static AuthProcess auth;
    private static Admin admin;

    /**
     * One bad request and the answer it must get: {@code status}, {@code error} code and a part of the message
     * (usually the member or parameter at fault).
     */
    record BadRequest(
            String method,
            String path,
            String contentType,
            String body,
            boolean asAdmin,
            int status,
            String error,
            String messagePart) {}

    @BeforeAll
    static void start() {
        auth = AuthAbuseSupport.start(Map.of("VELDRA_AUTH_RATE_LIMIT_MULTIPLIER", "1000"));
        admin = AuthAbuseSupport.bootstrapAdmin(auth);
    }

    @AfterAll
    static void stop() {
        if (auth != null) {
            auth.close();
        }
    }

    /** Every endpoint that reads a JSON body, each given text that is not a JSON object of its members. */
    static Stream<Named<BadRequest>> malformedBodies() {
        List<Named<BadRequest>> cases = new ArrayList<>();
        List<String> posts = List.of(
                "register",
                "verify",
                "resend",
                "forgot",
                "reset",
                "login",
                "password",
                "totp/enable",
                "totp/disable",
                "admin/users/1/role",
                "admin/users/1/approve");
        List<Map.Entry<String, String>> bodies = List.of(
                Map.entry("not JSON", "email=someone@example.com&password=x"),
                Map.entry("a JSON array", "[\"someone@example.com\", \"" + PASSWORD + "\"]"),
                Map.entry("truncated JSON", "{\"email\": \"someone@example.com\", \"pass"),
                Map.entry("a JSON string", "\"someone@example.com\""),
                Map.entry("trailing text after the object", "{\"email\": \"someone@example.com\"} {}"));
        for (String endpoint : posts) {
            bodies.forEach(entry -> cases.add(Named.of(
                    entry.getKey() + " to " + endpoint,
                    new BadRequest(
                            "POST",
                            "/api/auth/" + endpoint,
                            "application/json",
                            entry.getValue(),
                            true,
                            400,
                            MALFORMED,
                            ""))));
        }
        bodies.forEach(entry -> cases.add(Named.of(
                entry.getKey() + " to admin/two-factor",
                new BadRequest(
                        "PUT",
                        "/api/auth/admin/two-factor",
                        "application/json",
                        entry.getValue(),
                        true,
                        400,
                        MALFORMED,
                        ""))));
        return cases.stream();
    }

    static Stream<Named<BadRequest>> badMembers() {
        String longText = "x".repeat(1025);
        String longEmail = "a".repeat(64) + "@" + "b".repeat(200) + ".example";
        return Stream.of(
                // Too large: refused before it is read, with 413.
                bad(
                        "a body over 16 KB to register",
                        "register",
                        json("email", "big@example.com", "password", "p".repeat(OVERSIZED_BODY)),
                        413,
                        "payload_too_large",
                        ""),
                bad(
                        "a body over 16 KB to login",
                        "login",
                        json("email", "big@example.com", "password", "p".repeat(OVERSIZED_BODY)),
                        413,
                        "payload_too_large",
                        ""),
                // Too long members: refused before any work.
                bad(
                        "a 1025-character password",
                        "register",
                        json("email", "long@example.com", "password", longText),
                        400,
                        "field_too_long",
                        "'password'"),
                bad(
                        "a 1025-character email",
                        "register",
                        json("email", longText, "password", PASSWORD),
                        400,
                        "field_too_long",
                        "'email'"),
                bad(
                        "an email over 254 characters",
                        "register",
                        json("email", longEmail, "password", PASSWORD),
                        400,
                        "invalid_email",
                        "254"),
                bad(
                        "an email over 254 characters to forgot",
                        "forgot",
                        json("email", longEmail),
                        400,
                        "invalid_email",
                        "254"),
                bad("a 1025-character token", "verify", json("token", longText), 400, "field_too_long", "'token'"),
                bad(
                        "a 1025-character totp code",
                        "login",
                        json("email", "a@example.com", "password", PASSWORD, "totp", longText),
                        400,
                        "field_too_long",
                        "'totp'"),
                // Wrong types: never coerced into a string.
                bad(
                        "a number for email",
                        "register",
                        json("email", 12345, "password", PASSWORD),
                        400,
                        MALFORMED,
                        "'email'"),
                bad(
                        "a number for password",
                        "register",
                        json("email", "number@example.com", "password", 123456789012345L),
                        400,
                        MALFORMED,
                        "'password'"),
                bad("a boolean for email", "forgot", json("email", true), 400, MALFORMED, "'email'"),
                bad(
                        "an object for email",
                        "resend",
                        json("email", Map.of("address", "a@example.com")),
                        400,
                        MALFORMED,
                        "'email'"),
                bad(
                        "an array for password",
                        "login",
                        json("email", "a@example.com", "password", List.of("a", "b")),
                        400,
                        MALFORMED,
                        "'password'"),
                bad(
                        "a number for a totp code",
                        "login",
                        json("email", "a@example.com", "password", PASSWORD, "totp", 123456),
                        400,
                        MALFORMED,
                        "'totp'"),
                bad("a number for token", "reset", json("token", 42, "password", PASSWORD), 400, MALFORMED, "'token'"),
                Named.of(
                        "a string for the two-factor flag",
                        new BadRequest(
                                "PUT",
                                "/api/auth/admin/two-factor",
                                "application/json",
                                json("required", "yes"),
                                true,
                                400,
                                MALFORMED,
                                "'required'")),
                // Unknown members are refused by name.
                bad(
                        "an unknown member to register",
                        "register",
                        json("email", "role@example.com", "password", PASSWORD, "role", "admin"),
                        400,
                        MALFORMED,
                        "'role'"),
                bad(
                        "an unknown member to login",
                        "login",
                        json("email", "a@example.com", "password", PASSWORD, "remember_me", true),
                        400,
                        MALFORMED,
                        "'remember_me'"),
                // Missing members are named.
                bad(
                        "register without password",
                        "register",
                        json("email", "nopass@example.com"),
                        400,
                        "missing_field",
                        "'password'"),
                bad(
                        "register with a null email",
                        "register",
                        json("email", null, "password", PASSWORD),
                        400,
                        "missing_field",
                        "'email'"),
                bad("login without email", "login", json("password", PASSWORD), 400, "missing_field", "'email'"),
                bad("verify without token", "verify", "{}", 400, "missing_field", "'token'"),
                bad("reset without password", "reset", json("token", "some-token"), 400, "missing_field", "'password'"),
                bad(
                        "password change without new",
                        "password",
                        json("current", PASSWORD),
                        400,
                        "missing_field",
                        "'new'"),
                bad("role change without role", "admin/users/1/role", "{}", 400, "missing_field", "'role'"),
                Named.of(
                        "two-factor without required",
                        new BadRequest(
                                "PUT",
                                "/api/auth/admin/two-factor",
                                "application/json",
                                "{}",
                                true,
                                400,
                                "missing_field",
                                "'required'")),
                bad("an empty body", "register", "", 400, MALFORMED, ""),
                bad("a JSON null", "login", "null", 400, MALFORMED, ""),
                // Not JSON at all, by its content type.
                Named.of(
                        "a text/plain body",
                        new BadRequest(
                                "POST",
                                "/api/auth/register",
                                "text/plain",
                                "someone@example.com",
                                false,
                                415,
                                "unsupported_media_type",
                                "text/plain")),
                Named.of(
                        "a form body",
                        new BadRequest(
                                "POST",
                                "/api/auth/login",
                                "application/x-www-form-urlencoded",
                                "email=a%40b.example&password=x",
                                false,
                                415,
                                "unsupported_media_type",
                                // Spring answers forms before any reader: only the reason phrase, no type names.
                                "")));
    }

    static Stream<Named<BadRequest>> badParametersPathsAndMethods() {
        return Stream.of(
                get("limit=0", "/api/auth/admin/users?limit=0", 400, "invalid_parameter", "limit"),
                get("limit=abc", "/api/auth/admin/users?limit=abc", 400, "bad_request", "'limit'"),
                get("limit=201", "/api/auth/admin/users?limit=201", 400, "invalid_parameter", "limit"),
                get("limit=1.5", "/api/auth/admin/users?state=active&limit=1.5", 400, "bad_request", "'limit'"),
                get("state=bogus", "/api/auth/admin/users?state=bogus", 400, "invalid_parameter", "bogus"),
                get("before=0", "/api/auth/admin/users?before=0", 400, "invalid_parameter", "before"),
                get("before=abc", "/api/auth/admin/users?before=abc", 400, "bad_request", "'before'"),
                get("audit limit=0", "/api/auth/admin/audit?limit=0", 400, "invalid_parameter", "limit"),
                get("audit limit=abc", "/api/auth/admin/audit?limit=abc", 400, "bad_request", "'limit'"),
                get("audit before=-5", "/api/auth/admin/audit?before=-5", 400, "invalid_parameter", "before"),
                Named.of(
                        "an account id that is not a number",
                        new BadRequest(
                                "POST",
                                "/api/auth/admin/users/abc/approve",
                                "application/json",
                                "{}",
                                true,
                                400,
                                "bad_request",
                                "'id'")),
                get("an unknown auth path", "/api/auth/nothing", 404, "not_found", "/api/auth/nothing"),
                get("an unknown admin path", "/api/auth/admin/nothing", 404, "not_found", "/api/auth/admin/nothing"),
                get("an unknown top-level path", "/nothing", 404, "not_found", "/nothing"),
                Named.of(
                        "POST to an unknown path",
                        new BadRequest(
                                "POST",
                                "/api/auth/nothing",
                                "application/json",
                                "{}",
                                false,
                                404,
                                "not_found",
                                "/api/auth/nothing")),
                method("GET", "/api/auth/login"),
                method("DELETE", "/api/auth/register"),
                method("PUT", "/api/auth/logout"),
                method("POST", "/api/auth/me"),
                method("GET", "/api/auth/admin/users/1/approve"),
                method("DELETE", "/api/auth/admin/audit"));
    }

    @ParameterizedTest
    @MethodSource("malformedBodies")
    void aBodyThatIsNotAJsonObjectIsRefusedCleanly(BadRequest request) {
        assertRefusedCleanly(request);
    }

    @ParameterizedTest
    @MethodSource("badMembers")
    void aBadMemberIsRefusedByName(BadRequest request) {
        assertRefusedCleanly(request);
    }

    @ParameterizedTest
    @MethodSource("badParametersPathsAndMethods")
    void badParametersUnknownPathsAndWrongMethodsAreRefusedCleanly(BadRequest request) {
        assertRefusedCleanly(request);
    }

    @Test
    void aRefusedRegistrationLeavesNoAccountAndNoEmail() {
        Map<String, String> refused = Map.of(
                "common@halfwritten.example", json("email", "common@halfwritten.example", "password", "password1234"),
                "short@halfwritten.example", json("email", "short@halfwritten.example", "password", "tiny pass"),
                "itself@halfwritten.example",
                        json("email", "itself@halfwritten.example", "password", "itself@halfwritten.example"),
                "number@halfwritten.example", json("email", "number@halfwritten.example", "password", 123456789012345L),
                "member@halfwritten.example",
                        json("email", "member@halfwritten.example", "password", PASSWORD, "role", "admin"),
                "long@halfwritten.example", json("email", "long@halfwritten.example", "password", "y".repeat(1025)));
        refused.forEach((email, body) -> assertThat(
                        post(auth, "/api/auth/register", body).status())
                .as(email)
                .isEqualTo(400));

        // The outbox sends in order: once a later registration's email is out, any earlier one would be too.
        assertThat(post(auth, "/api/auth/register", json("email", "control@halfwritten.example", "password", PASSWORD))
                        .status())
                .isEqualTo(202);
        AuthAbuseSupport.awaitEmail(auth, "control@halfwritten.example", VERIFY_SUBJECT, 1);

        List<String> everyAccount = Stream.of("unverified", "pending", "active", "disabled", "rejected")
                .flatMap(state -> AuthAbuseSupport.accounts(auth, admin, state).stream())
                .map(account -> account.get("email").asString())
                .toList();
        List<String> mailed = auth.emails().stream().map(email -> email.to()).toList();
        List<String> audited = AuthAbuseSupport.audit(auth, admin).stream()
                .filter(entry -> entry.hasNonNull("email"))
                .map(entry -> entry.get("email").asString())
                .toList();
        assertThat(everyAccount).contains("control@halfwritten.example").doesNotContainAnyElementsOf(refused.keySet());
        assertThat(mailed).contains("control@halfwritten.example").doesNotContainAnyElementsOf(refused.keySet());
        assertThat(audited).contains("control@halfwritten.example").doesNotContainAnyElementsOf(refused.keySet());
    }

    @Test
    void aResetRefusedForItsPasswordLeavesTheTokenUsable() {
        String email = "resetter@halfwritten.example";
        AuthAbuseSupport.registerActive(auth, admin, email, PASSWORD);
        assertThat(post(auth, "/api/auth/forgot", json("email", email)).status())
                .isEqualTo(202);
        String token =
                AuthAbuseSupport.awaitEmail(auth, email, RESET_SUBJECT, 1).token();

        HttpResult common = post(auth, "/api/auth/reset", json("token", token, "password", "password1234"));
        HttpResult oldPasswordStillWorks = post(auth, "/api/auth/login", json("email", email, "password", PASSWORD));
        HttpResult good = post(auth, "/api/auth/reset", json("token", token, "password", "a brand new passphrase"));

        assertThat(common.status()).as("%s", common).isEqualTo(400);
        assertThat(common.json().get("error").asString()).isEqualTo("password_common");
        assertThat(oldPasswordStillWorks.status())
                .as("%s", oldPasswordStillWorks)
                .isEqualTo(200);
        assertThat(good.status()).as("%s", good).isEqualTo(200);
    }

    private static void assertRefusedCleanly(BadRequest request) {
        int mark = AuthAbuseSupport.logMark(auth);
        List<String> headers = new ArrayList<>(List.of("Content-Type", request.contentType()));
        if (request.asAdmin()) {
            headers.addAll(List.of(admin.bearer()));
        }

        HttpResult answer =
                auth.http().send(request.method(), request.path(), request.body(), headers.toArray(String[]::new));

        assertThat(answer.status()).as("%s", answer).isEqualTo(request.status());
        assertThat(answer.headers().firstValue("Content-Type"))
                .hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode body = answer.json();
        assertThat(body.properties().stream().map(Map.Entry::getKey)).containsExactly("error", "message");
        assertThat(body.get("error").isString()).isTrue();
        assertThat(body.get("message").isString()).isTrue();
        assertThat(body.get("error").asString()).as("%s", answer).isEqualTo(request.error());
        assertThat(body.get("message").asString()).as("%s", answer).contains(request.messagePart());
        for (String internal : INTERNALS) {
            assertThat(answer.body()).as("the answer shows no internals").doesNotContain(internal);
        }
        assertThat(AuthAbuseSupport.logSince(auth, mark).lines())
                .as("rg-auth's log for this request")
                .noneMatch(line -> line.contains("Exception") || line.contains(" ERROR "));
    }

    private static Named<BadRequest> bad(
            String name, String endpoint, String body, int status, String error, String messagePart) {
        return Named.of(
                name,
                new BadRequest(
                        "POST", "/api/auth/" + endpoint, "application/json", body, true, status, error, messagePart));
    }

    private static Named<BadRequest> get(String name, String path, int status, String error, String messagePart) {
        return Named.of(name, new BadRequest("GET", path, "application/json", null, true, status, error, messagePart));
    }

    private static Named<BadRequest> method(String method, String path) {
        return Named.of(
                method + " " + path,
                new BadRequest(method, path, "application/json", null, true, 405, "method_not_allowed", method));
    }
}

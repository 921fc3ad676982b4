package org.reservegrid.auth.flow;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.reservegrid.auth.AuthApi;
import org.reservegrid.auth.totp.Totp;
import org.reservegrid.testkit.http.HttpResult;
import org.reservegrid.testkit.process.AuthProcess;
import org.reservegrid.testkit.process.ServiceJars;
import org.reservegrid.testkit.process.StubEmail;
import tools.jackson.databind.JsonNode;

/**
 * Every flow of rg-auth end to end through the real jar over HTTP, with emails read back from the dev-mode stdout
 * stub: registration, the link from the email, approval, login, me, logout, forgot, reset, revocation, admin actions,
 * two-factor login and the audit log. Subclasses choose the database; the suite is the same for both.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class AuthFlowsContract {
    static final String ADMIN = "admin@pool.example";
    static final String ADMIN_PASSWORD = "admin passphrase for tests";
    private static final AtomicInteger SEQUENCE = new AtomicInteger();

    private AuthProcess auth;
    private AuthApi api;
    private String adminToken;
    /** Every password and token the suite used: none may appear in the service's log. */
    private final List<String> secrets = new ArrayList<>();

    /** Settings beyond the defaults: the database. */
    abstract Map<String, String> databaseSettings();

    @BeforeAll
    void start() {
        Map<String, String> settings = new java.util.HashMap<>(databaseSettings());
        settings.put("VELDRA_AUTH_ADMIN_EMAIL", ADMIN);
        settings.put("VELDRA_AUTH_PUBLIC_URL", "http://dashboard.pool.example:8084");
        // The flows make more requests per minute than one person would: the limits are another suite's subject.
        settings.put("VELDRA_AUTH_RATE_LIMIT_MULTIPLIER", "100");
        auth = AuthProcess.start(ServiceJars.require("rg-auth"), settings);
        api = new AuthApi(auth);
        adminToken = api.bootstrapAdmin(ADMIN, ADMIN_PASSWORD);
        secrets.add(ADMIN_PASSWORD);
        secrets.add(adminToken);
    }

    @AfterAll
    void stop() {
        if (auth != null) {
            String log = auth.log();
            for (String secret : secrets) {
                assertThat(log)
                        .as("the log must not contain a password or a session token")
                        .doesNotContain(secret);
            }
            auth.close();
        }
    }

    @Test
    void registrationVerificationApprovalAndLogin() {
        String email = unique("Operator");
        String password = "operator passphrase " + email;
        secrets.add(password);
        assertThat(api.register(email, password).status()).isEqualTo(202);

        StubEmail verification = auth.awaitEmail(email, 1, AuthApi.MAIL_WAIT);
        assertThat(verification.link()).startsWith("http://dashboard.pool.example:8084/verify?token=");
        HttpResult verified = api.verify(verification.token());
        assertThat(verified.status()).isEqualTo(200);
        assertThat(verified.json().get("state").asString()).isEqualTo("pending");
        assertThat(api.verify(verification.token()).json().get("error").asString())
                .as("a verification link works once")
                .isEqualTo("invalid_token");

        StubEmail toAdmin = awaitEmailAbout(ADMIN, email);
        assertThat(toAdmin.body()).contains(email + " verified their email address and waits for approval");

        HttpResult pendingLogin = api.login(email, password);
        assertThat(pendingLogin.status()).isEqualTo(403);
        assertThat(pendingLogin.json().get("error").asString()).isEqualTo("account_pending");

        long id = api.pendingId(adminToken, email);
        HttpResult approved =
                api.postAs(adminToken, "/api/auth/admin/users/" + id + "/approve", "{\"role\":\"operator\"}");
        assertThat(approved.status()).isEqualTo(200);
        assertThat(approved.json().get("state").asString()).isEqualTo("active");
        assertThat(approved.json().get("role").asString()).isEqualTo("operator");
        assertThat(auth.awaitEmail(email, 2, AuthApi.MAIL_WAIT).subject()).contains("approved");

        Instant before = Instant.now();
        HttpResult login = api.login(email, password);
        assertThat(login.status()).isEqualTo(200);
        String token = login.json().get("token").asString();
        String csrf = login.json().get("csrf_token").asString();
        secrets.add(token);
        assertThat(token).hasSizeGreaterThanOrEqualTo(43).matches("[A-Za-z0-9_-]+");
        String cookie = login.headers().firstValue("Set-Cookie").orElseThrow();
        assertThat(cookie)
                .startsWith("rg_session=" + token + ";")
                .contains("HttpOnly")
                .contains("SameSite=Strict")
                .contains("Path=/")
                .doesNotContain("Secure");

        JsonNode me = api.getAs(token, "/api/auth/me").json();
        assertThat(me.get("email").asString()).isEqualTo(email);
        assertThat(me.get("role").asString()).isEqualTo("operator");
        Instant expires = Instant.parse(me.get("session_expires_at").asString());
        assertThat(expires)
                .isBetween(before.plusSeconds(7 * 86_400 - 60), Instant.now().plusSeconds(7 * 86_400 + 60));

        String sessionCookie = "rg_session=" + token;
        HttpResult viaCookie = auth.http().send("GET", "/api/auth/me", null, "Cookie", sessionCookie);
        assertThat(viaCookie.status()).isEqualTo(200);
        HttpResult logoutWithoutCsrf = auth.http().send("POST", "/api/auth/logout", "", "Cookie", sessionCookie);
        assertThat(logoutWithoutCsrf.status()).isEqualTo(403);
        assertThat(logoutWithoutCsrf.json().get("error").asString()).isEqualTo("csrf_token_invalid");
        HttpResult logout =
                auth.http().send("POST", "/api/auth/logout", "", "Cookie", sessionCookie, "X-CSRF-Token", csrf);
        assertThat(logout.status()).isEqualTo(200);
        assertThat(logout.headers().firstValue("Set-Cookie").orElseThrow()).contains("Max-Age=0");
        assertThat(api.getAs(token, "/api/auth/me").status()).isEqualTo(401);
    }

    @Test
    void forgotAndResetRevokeEverySessionAndTokensWorkOnce() {
        String email = unique("Forgetful");
        String password = "first passphrase " + email;
        String newPassword = "second passphrase " + email;
        secrets.add(password);
        secrets.add(newPassword);
        api.approvedAccount(adminToken, email, password, "viewer");
        String laptop = api.loginToken(email, password);
        String phone = api.loginToken(email, password);
        secrets.add(laptop);
        secrets.add(phone);

        assertThat(api.post("/api/auth/forgot", "{\"email\":\"" + email + "\"}").status())
                .isEqualTo(202);
        StubEmail reset = auth.awaitEmails(email, 3, AuthApi.MAIL_WAIT).stream()
                .filter(mail -> mail.subject().contains("Reset"))
                .findFirst()
                .orElseThrow();
        assertThat(reset.link()).startsWith("http://dashboard.pool.example:8084/reset?token=");
        assertThat(reset.body()).contains("within 1 hour");

        String body = "{\"token\":\"" + reset.token() + "\",\"password\":\"" + newPassword + "\"}";
        assertThat(api.post("/api/auth/reset", body).status()).isEqualTo(200);
        assertThat(api.getAs(laptop, "/api/auth/me").status())
                .as("reset revokes every session")
                .isEqualTo(401);
        assertThat(api.getAs(phone, "/api/auth/me").status()).isEqualTo(401);
        assertThat(api.login(email, password).status()).isEqualTo(401);
        assertThat(api.login(email, newPassword).status()).isEqualTo(200);

        HttpResult reused = api.post(
                "/api/auth/reset",
                "{\"token\":\"" + reset.token() + "\",\"password\":\"third passphrase " + email + "\"}");
        assertThat(reused.status()).isEqualTo(400);
        assertThat(reused.json().get("error").asString()).isEqualTo("invalid_token");
        assertThat(auth.awaitEmails(email, 4, AuthApi.MAIL_WAIT).getLast().subject())
                .contains("password was changed");
    }

    @Test
    void changingThePasswordKeepsThisSessionAndEndsTheOthers() {
        String email = unique("Changer");
        String password = "old passphrase " + email;
        String newPassword = "new passphrase " + email;
        secrets.add(password);
        secrets.add(newPassword);
        api.approvedAccount(adminToken, email, password, "viewer");
        String here = api.loginToken(email, password);
        String elsewhere = api.loginToken(email, password);

        HttpResult wrong = api.postAs(
                here,
                "/api/auth/password",
                "{\"current\":\"not the password at all\",\"new\":\"" + newPassword + "\"}");
        assertThat(wrong.status()).isEqualTo(403);
        assertThat(wrong.json().get("error").asString()).isEqualTo("wrong_password");
        HttpResult common =
                api.postAs(here, "/api/auth/password", "{\"current\":\"" + password + "\",\"new\":\"password1234\"}");
        assertThat(common.json().get("error").asString()).isEqualTo("password_common");

        HttpResult changed = api.postAs(
                here, "/api/auth/password", "{\"current\":\"" + password + "\",\"new\":\"" + newPassword + "\"}");
        assertThat(changed.status()).isEqualTo(200);
        assertThat(api.getAs(here, "/api/auth/me").status()).isEqualTo(200);
        assertThat(api.getAs(elsewhere, "/api/auth/me").status()).isEqualTo(401);
        assertThat(api.login(email, newPassword).status()).isEqualTo(200);
    }

    @Test
    void logoutAllEndsEverySession() {
        String email = unique("Many");
        String password = "many sessions passphrase " + email;
        secrets.add(password);
        api.approvedAccount(adminToken, email, password, "viewer");
        String one = api.loginToken(email, password);
        String two = api.loginToken(email, password);
        HttpResult all = api.postAs(one, "/api/auth/logout-all", "");
        assertThat(all.status()).isEqualTo(200);
        assertThat(all.json().get("sessions_revoked").asInt()).isEqualTo(2);
        assertThat(api.getAs(one, "/api/auth/me").status()).isEqualTo(401);
        assertThat(api.getAs(two, "/api/auth/me").status()).isEqualTo(401);
    }

    @Test
    void adminsApproveRejectDisableEnableAndSetRoles() {
        String viewerEmail = unique("Viewer");
        String password = "viewer passphrase " + viewerEmail;
        secrets.add(password);
        long viewer = api.approvedAccount(adminToken, viewerEmail, password, "viewer");
        String viewerToken = api.loginToken(viewerEmail, password);
        HttpResult notAdmin = api.getAs(viewerToken, "/api/auth/admin/users?state=active");
        assertThat(notAdmin.status()).isEqualTo(403);
        assertThat(notAdmin.json().get("error").asString()).isEqualTo("forbidden");

        HttpResult disabled = api.postAs(adminToken, "/api/auth/admin/users/" + viewer + "/disable", "");
        assertThat(disabled.json().get("state").asString()).isEqualTo("disabled");
        assertThat(api.getAs(viewerToken, "/api/auth/me").status())
                .as("disabling revokes sessions")
                .isEqualTo(401);
        HttpResult refused = api.login(viewerEmail, password);
        assertThat(refused.status()).isEqualTo(403);
        assertThat(refused.json().get("error").asString()).isEqualTo("account_disabled");
        assertThat(api.login(viewerEmail, "wrong passphrase for this one")
                        .json()
                        .get("error")
                        .asString())
                .as("the state shows only after a correct password")
                .isEqualTo("invalid_credentials");
        assertThat(ids(api.getAs(adminToken, "/api/auth/admin/users?state=disabled")))
                .contains(viewer);

        assertThat(api.postAs(adminToken, "/api/auth/admin/users/" + viewer + "/enable", "")
                        .json()
                        .get("state")
                        .asString())
                .isEqualTo("active");
        assertThat(api.postAs(adminToken, "/api/auth/admin/users/" + viewer + "/role", "{\"role\":\"operator\"}")
                        .json()
                        .get("role")
                        .asString())
                .isEqualTo("operator");
        assertThat(api.getAs(api.loginToken(viewerEmail, password), "/api/auth/me")
                        .json()
                        .get("role")
                        .asString())
                .isEqualTo("operator");
        HttpResult badRole = api.postAs(adminToken, "/api/auth/admin/users/" + viewer + "/role", "{\"role\":\"root\"}");
        assertThat(badRole.json().get("error").asString()).isEqualTo("invalid_role");

        String rejectedEmail = unique("Rejected");
        api.registerAndVerify(rejectedEmail, "rejected passphrase " + rejectedEmail, 1);
        long rejected = api.pendingId(adminToken, rejectedEmail);
        assertThat(api.postAs(adminToken, "/api/auth/admin/users/" + rejected + "/reject", "")
                        .json()
                        .get("state")
                        .asString())
                .isEqualTo("rejected");
        HttpResult approveRejected = api.postAs(adminToken, "/api/auth/admin/users/" + rejected + "/approve", "");
        assertThat(approveRejected.status()).isEqualTo(409);
        assertThat(approveRejected.json().get("error").asString()).isEqualTo("invalid_state");
        assertThat(api.login(rejectedEmail, "rejected passphrase " + rejectedEmail)
                        .json()
                        .get("error")
                        .asString())
                .isEqualTo("account_rejected");

        long adminId = api.getAs(adminToken, "/api/auth/me").json().get("id").asLong();
        HttpResult selfDisable = api.postAs(adminToken, "/api/auth/admin/users/" + adminId + "/disable", "");
        assertThat(selfDisable.json().get("error").asString()).isEqualTo("cannot_disable_self");
        HttpResult lastAdmin =
                api.postAs(adminToken, "/api/auth/admin/users/" + adminId + "/role", "{\"role\":\"viewer\"}");
        assertThat(lastAdmin.status()).isEqualTo(409);
        assertThat(lastAdmin.json().get("error").asString()).isEqualTo("last_admin");
        assertThat(api.postAs(adminToken, "/api/auth/admin/users/999999/approve", "")
                        .status())
                .isEqualTo(404);
    }

    @Test
    void twoFactorLoginWithTotpAndRecoveryCodes() {
        String email = unique("Careful");
        String password = "careful passphrase " + email;
        secrets.add(password);
        api.approvedAccount(adminToken, email, password, "operator");
        String token = api.loginToken(email, password);

        JsonNode setup = api.postAs(token, "/api/auth/totp/setup", "").json();
        String secret = setup.get("secret").asString();
        assertThat(setup.get("otpauth_uri").asString())
                .startsWith("otpauth://totp/")
                .contains("secret=" + secret);
        byte[] key = base32(secret);
        long step = Totp.step(Instant.now());
        assertThat(api.postAs(token, "/api/auth/totp/enable", "{\"code\":\"000000x\"}")
                        .status())
                .isEqualTo(400);
        HttpResult enabled = api.postAs(token, "/api/auth/totp/enable", "{\"code\":\"" + Totp.code(key, step) + "\"}");
        assertThat(enabled.status()).as("%s", enabled).isEqualTo(200);
        List<String> recovery = new ArrayList<>();
        enabled.json().get("recovery_codes").forEach(code -> recovery.add(code.asString()));
        assertThat(recovery).hasSize(10).doesNotHaveDuplicates();

        HttpResult noCode = api.login(email, password);
        assertThat(noCode.status()).isEqualTo(401);
        assertThat(noCode.json().get("error").asString()).isEqualTo("two_factor_required");
        String replay = "{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"totp\":\""
                + Totp.code(key, step) + "\"}";
        assertThat(api.post("/api/auth/login", replay).json().get("error").asString())
                .as("a code works once")
                .isEqualTo("invalid_two_factor_code");
        String next = "{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"totp\":\""
                + Totp.code(key, step + 1) + "\"}";
        assertThat(api.post("/api/auth/login", next).status()).isEqualTo(200);

        String withRecovery = "{\"email\":\"" + email + "\",\"password\":\"" + password + "\",\"recovery_code\":\""
                + recovery.getFirst() + "\"}";
        assertThat(api.post("/api/auth/login", withRecovery).status()).isEqualTo(200);
        assertThat(api.post("/api/auth/login", withRecovery).json().get("error").asString())
                .as("a recovery code works once")
                .isEqualTo("invalid_two_factor_code");

        String operatorEmail = unique("Lax");
        String operatorPassword = "lax passphrase " + operatorEmail;
        api.approvedAccount(adminToken, operatorEmail, operatorPassword, "operator");
        String operator = api.loginToken(operatorEmail, operatorPassword);
        assertThat(api.getAs(operator, "/api/auth/me")
                        .json()
                        .get("two_factor_setup_required")
                        .asBoolean())
                .isFalse();
        HttpResult required = auth.http()
                .send(
                        "PUT",
                        "/api/auth/admin/two-factor",
                        "{\"required\":true}",
                        "Content-Type",
                        "application/json",
                        "Authorization",
                        "Bearer " + adminToken);
        assertThat(required.status()).isEqualTo(200);
        try {
            assertThat(api.getAs(operator, "/api/auth/me")
                            .json()
                            .get("two_factor_setup_required")
                            .asBoolean())
                    .isTrue();
        } finally {
            HttpResult off = auth.http()
                    .send(
                            "PUT",
                            "/api/auth/admin/two-factor",
                            "{\"required\":false}",
                            "Content-Type",
                            "application/json",
                            "Authorization",
                            "Bearer " + adminToken);
            assertThat(off.status()).isEqualTo(200);
        }
    }

    @Test
    void theAuditLogRecordsEachSecurityEventAndPages() {
        String email = unique("Audited");
        String password = "audited passphrase " + email;
        long id = api.approvedAccount(adminToken, email, password, "viewer");
        api.login(email, "definitely the wrong one");
        String token = api.loginToken(email, password);
        api.postAs(token, "/api/auth/logout", "");
        api.postAs(adminToken, "/api/auth/admin/users/" + id + "/role", "{\"role\":\"operator\"}");
        api.postAs(adminToken, "/api/auth/admin/users/" + id + "/disable", "");
        api.postAs(adminToken, "/api/auth/admin/users/" + id + "/enable", "");
        api.post("/api/auth/forgot", "{\"email\":\"" + email + "\"}");
        StubEmail reset = auth.awaitEmails(email, 3, AuthApi.MAIL_WAIT).getLast();
        api.post(
                "/api/auth/reset",
                "{\"token\":\"" + reset.token() + "\",\"password\":\"reset passphrase " + email + "\"}");

        List<JsonNode> entries = new ArrayList<>();
        Long before = null;
        do {
            HttpResult page = api.getAs(
                    adminToken, "/api/auth/admin/audit?limit=7" + (before == null ? "" : "&before=" + before));
            assertThat(page.status()).isEqualTo(200);
            page.json().get("entries").forEach(entries::add);
            JsonNode next = page.json().get("next_before");
            before = next == null || next.isNull() ? null : next.asLong();
        } while (before != null);
        List<Long> ids = entries.stream().map(entry -> entry.get("id").asLong()).toList();
        assertThat(ids)
                .as("pages are newest first without gaps or repeats")
                .isSortedAccordingTo((a, b) -> Long.compare(b, a));
        assertThat(ids).doesNotHaveDuplicates();

        Set<String> events = new java.util.HashSet<>();
        for (JsonNode entry : entries) {
            JsonNode account = entry.get("account_id");
            if (account != null && !account.isNull() && account.asLong() == id) {
                events.add(entry.get("event").asString());
            }
        }
        assertThat(events)
                .contains(
                        "registered",
                        "email_verified",
                        "approved",
                        "login_failed",
                        "login_ok",
                        "logout",
                        "role_changed",
                        "disabled",
                        "enabled",
                        "reset_requested",
                        "password_reset");
        assertThat(entries.stream().map(entry -> entry.get("event").asString()))
                .contains("registered", "approved", "login_ok");
    }

    @Test
    void metricsAndTheOpenApiDocumentDescribeTheService() {
        String email = unique("Counted");
        String password = "counted passphrase " + email;
        api.approvedAccount(adminToken, email, password, "viewer");
        api.loginToken(email, password);
        api.login(email, "not this passphrase at all");

        HttpResult metrics = auth.http().get("/metrics");
        assertThat(metrics.status()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("rg_auth_registrations_total{kind=\"new\"}")
                .contains("rg_auth_logins_total{outcome=\"ok\"}")
                .contains("rg_auth_logins_total{outcome=\"invalid_credentials\"}")
                .contains("rg_auth_sessions_active")
                .contains("rg_auth_emails_sent_total")
                .contains("rg_auth_emails_queued")
                .contains("rg_auth_email_send_failures_total")
                .contains("rg_auth_emails_failed_total")
                .contains("rg_auth_password_hash_seconds_count");

        HttpResult openapi = auth.http().get("/api/openapi");
        assertThat(openapi.status()).isEqualTo(200);
        JsonNode paths = openapi.json().get("paths");
        for (String path : List.of(
                "/api/auth/register",
                "/api/auth/login",
                "/api/auth/me",
                "/api/auth/reset",
                "/api/auth/admin/users",
                "/api/auth/admin/audit")) {
            assertThat(paths.has(path)).as("OpenAPI documents %s", path).isTrue();
        }
    }

    /** The email to {@code to} whose subject names {@code about}, once the outbox has sent it. */
    private StubEmail awaitEmailAbout(String to, String about) {
        org.reservegrid.testkit.Await.until(
                "an email to " + to + " about " + about,
                AuthApi.MAIL_WAIT,
                () -> auth.emails().stream()
                        .anyMatch(mail ->
                                mail.to().equalsIgnoreCase(to) && mail.subject().contains(about)));
        return auth.emails().stream()
                .filter(mail -> mail.to().equalsIgnoreCase(to) && mail.subject().contains(about))
                .findFirst()
                .orElseThrow();
    }

    private static List<Long> ids(HttpResult users) {
        List<Long> ids = new ArrayList<>();
        users.json().get("users").forEach(user -> ids.add(user.get("id").asLong()));
        return ids;
    }

    private static String unique(String name) {
        return name + "." + SEQUENCE.incrementAndGet() + "." + System.nanoTime() % 100_000 + "@pool.example";
    }

    private static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        int buffer = 0;
        int bits = 0;
        for (char c : text.toCharArray()) {
            buffer = (buffer << 5) | alphabet.indexOf(c);
            bits += 5;
            if (bits >= 8) {
                out.write((buffer >> (bits - 8)) & 0xff);
                bits -= 8;
            }
        }
        return out.toByteArray();
    }
}

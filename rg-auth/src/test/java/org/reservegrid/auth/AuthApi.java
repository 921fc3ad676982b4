package org.reservegrid.auth;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.reservegrid.testkit.http.Http;
import org.reservegrid.testkit.http.HttpResult;
import org.reservegrid.testkit.process.AuthProcess;
import org.reservegrid.testkit.process.StubEmail;

/** The rg-auth API as the tests call it: JSON in, {@link HttpResult} out, and the common multi-step set-ups. */
public final class AuthApi {
    public static final Duration MAIL_WAIT = Duration.ofSeconds(30);

    private final AuthProcess auth;

    public AuthApi(AuthProcess auth) {
        this.auth = auth;
    }

    public Http http() {
        return auth.http();
    }

    public HttpResult post(String path, String json, String... headers) {
        String[] all = new String[headers.length + 2];
        all[0] = "Content-Type";
        all[1] = "application/json";
        System.arraycopy(headers, 0, all, 2, headers.length);
        return auth.http().send("POST", path, json, all);
    }

    public HttpResult postAs(String token, String path, String json) {
        return post(path, json, "Authorization", "Bearer " + token);
    }

    public HttpResult getAs(String token, String path) {
        return auth.http().send("GET", path, null, "Authorization", "Bearer " + token);
    }

    public HttpResult register(String email, String password) {
        return post("/api/auth/register", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    public HttpResult login(String email, String password) {
        return post("/api/auth/login", "{\"email\":\"" + email + "\",\"password\":\"" + password + "\"}");
    }

    /** Logs in and returns the session token; fails unless the login succeeds. */
    public String loginToken(String email, String password) {
        HttpResult login = login(email, password);
        assertThat(login.status()).as("login of %s: %s", email, login).isEqualTo(200);
        return login.json().get("token").asString();
    }

    public HttpResult verify(String token) {
        return post("/api/auth/verify", "{\"token\":\"" + token + "\"}");
    }

    /** Registers and follows the link of the verification email (the {@code n}-th email to that address). */
    public HttpResult registerAndVerify(String email, String password, int emailNumber) {
        HttpResult registered = register(email, password);
        assertThat(registered.status()).as("register %s: %s", email, registered).isEqualTo(202);
        StubEmail mail = auth.awaitEmail(email, emailNumber, MAIL_WAIT);
        assertThat(mail.subject()).contains("Verify");
        HttpResult verified = verify(mail.token());
        assertThat(verified.status()).as("verify %s: %s", email, verified).isEqualTo(200);
        return verified;
    }

    /** The bootstrap admin (its address must be VELDRA_AUTH_ADMIN_EMAIL): registered, verified, logged in. */
    public String bootstrapAdmin(String email, String password) {
        HttpResult verified = registerAndVerify(email, password, 1);
        assertThat(verified.json().get("state").asString()).isEqualTo("active");
        return loginToken(email, password);
    }

    /** A new account approved by the admin with the role; returns its id. */
    public long approvedAccount(String adminToken, String email, String password, String role) {
        registerAndVerify(email, password, 1);
        long id = pendingId(adminToken, email);
        HttpResult approved =
                postAs(adminToken, "/api/auth/admin/users/" + id + "/approve", "{\"role\":\"" + role + "\"}");
        assertThat(approved.status()).as("approve %s: %s", email, approved).isEqualTo(200);
        return id;
    }

    /** The id of the pending account with this address, from the admin list. */
    public long pendingId(String adminToken, String email) {
        HttpResult pending = getAs(adminToken, "/api/auth/admin/users?state=pending&limit=200");
        assertThat(pending.status()).isEqualTo(200);
        for (var user : pending.json().get("users")) {
            if (user.get("email").asString().equalsIgnoreCase(email)) {
                return user.get("id").asLong();
            }
        }
        throw new AssertionError(email + " is not pending: " + pending);
    }
}

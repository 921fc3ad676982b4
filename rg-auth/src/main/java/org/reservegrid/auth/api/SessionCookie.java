package org.reservegrid.auth.api;

import java.time.Duration;
import java.time.Instant;
import org.jspecify.annotations.Nullable;
import org.reservegrid.auth.config.AuthSettings;
import org.springframework.http.HttpCookie;
import org.springframework.http.ResponseCookie;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;

/**
 * The browser's session cookie: {@code HttpOnly}, {@code SameSite=Strict}, {@code Path=/}; with TLS (or an https
 * public URL) also {@code Secure} and named with the {@code __Host-} prefix, which browsers accept only from a
 * secure origin without a Domain, so no other host can set or shadow it.
 */
@Component
class SessionCookie {
    static final String PLAIN_NAME = "rg_session";
    static final String HOST_NAME = "__Host-rg_session";

    private final boolean secure;

    SessionCookie(AuthSettings settings) {
        this.secure = settings.secureCookies();
    }

    String name() {
        return secure ? HOST_NAME : PLAIN_NAME;
    }

    ResponseCookie issue(String token, Instant expiresAt, Instant now) {
        return base(token).maxAge(Duration.between(now, expiresAt)).build();
    }

    ResponseCookie clear() {
        return base("").maxAge(Duration.ZERO).build();
    }

    @Nullable
    String token(ServerHttpRequest request) {
        HttpCookie cookie = request.getCookies().getFirst(name());
        return cookie == null || cookie.getValue().isEmpty() ? null : cookie.getValue();
    }

    private ResponseCookie.ResponseCookieBuilder base(String value) {
        return ResponseCookie.from(name(), value)
                .httpOnly(true)
                .sameSite("Strict")
                .secure(secure)
                .path("/");
    }
}

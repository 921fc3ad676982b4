package org.reservegrid.auth.api;

import org.jspecify.annotations.Nullable;
import org.reservegrid.auth.flow.Caller;
import org.reservegrid.auth.flow.Refusals;
import org.reservegrid.auth.flow.SessionFlow;
import org.reservegrid.auth.ratelimit.ClientAddress;
import org.reservegrid.auth.session.Session;
import org.reservegrid.auth.token.Tokens;
import org.reservegrid.spring.api.ApiException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpMethod;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;

/**
 * Finds the caller's session: a bearer token ({@code Authorization: Bearer ...}, API clients) or the session cookie
 * (browsers). A cookie-authenticated request that changes state must carry the session's CSRF token in
 * {@code X-CSRF-Token}: a cross-site page can make the browser send the cookie, never read the token. Bearer
 * requests need none, since no browser attaches a bearer token by itself.
 */
@Component
class Authenticator {
    static final String CSRF_HEADER = "X-CSRF-Token";
    private static final String CSRF_LABEL = "csrf";

    private final SessionFlow sessions;
    private final SessionCookie cookie;
    private final ClientAddress clientAddress;

    Authenticator(SessionFlow sessions, SessionCookie cookie, ClientAddress clientAddress) {
        this.sessions = sessions;
        this.cookie = cookie;
        this.clientAddress = clientAddress;
    }

    /** The session, its token and how it came; blocking (one database lookup). */
    record Authenticated(Session session, String token, boolean viaCookie) {
        String csrfToken() {
            return csrfFor(token);
        }
    }

    static String csrfFor(String sessionToken) {
        return Tokens.derive(CSRF_LABEL, sessionToken);
    }

    Authenticated authenticate(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        String bearer = bearer(request);
        String token = bearer != null ? bearer : cookie.token(request);
        if (token == null) {
            throw Refusals.notAuthenticated();
        }
        boolean viaCookie = bearer == null;
        if (viaCookie && changesState(request.getMethod())) {
            String sent = request.getHeaders().getFirst(CSRF_HEADER);
            if (sent == null || !Tokens.same(sent, csrfFor(token))) {
                throw new ApiException(
                        HttpStatus.FORBIDDEN,
                        "csrf_token_invalid",
                        "a cookie session must send its csrf_token in the " + CSRF_HEADER + " header");
            }
        }
        return new Authenticated(sessions.current(token), token, viaCookie);
    }

    Caller caller(ServerWebExchange exchange) {
        ServerHttpRequest request = exchange.getRequest();
        return new Caller(clientAddress.of(request), request.getHeaders().getFirst(HttpHeaders.USER_AGENT));
    }

    private static @Nullable String bearer(ServerHttpRequest request) {
        String header = request.getHeaders().getFirst(HttpHeaders.AUTHORIZATION);
        if (header == null) {
            return null;
        }
        if (header.regionMatches(true, 0, "Bearer ", 0, 7)) {
            String token = header.substring(7).strip();
            if (!token.isEmpty()) {
                return token;
            }
        }
        throw new ApiException(
                HttpStatus.UNAUTHORIZED, "not_authenticated", "the Authorization header must be 'Bearer <token>'");
    }

    private static boolean changesState(HttpMethod method) {
        return !(HttpMethod.GET.equals(method) || HttpMethod.HEAD.equals(method) || HttpMethod.OPTIONS.equals(method));
    }
}

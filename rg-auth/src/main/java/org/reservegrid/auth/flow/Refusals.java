package org.reservegrid.auth.flow;

import java.time.Duration;
import java.util.Map;
import org.reservegrid.spring.api.ApiException;
import org.springframework.http.HttpStatus;

/** The typed refusals of the flows, with the reason codes the API documents (docs/rg-auth.md). */
public final class Refusals {
    private Refusals() {}

    /** The one answer to every failed login, whatever was wrong. */
    public static ApiException invalidCredentials() {
        return new ApiException(HttpStatus.UNAUTHORIZED, "invalid_credentials", "invalid credentials");
    }

    public static ApiException notAuthenticated() {
        return new ApiException(HttpStatus.UNAUTHORIZED, "not_authenticated", "no valid session; log in");
    }

    public static ApiException invalidToken() {
        return new ApiException(
                HttpStatus.BAD_REQUEST, "invalid_token", "the link is invalid, already used or expired");
    }

    public static ApiException invalidEmail() {
        return ApiException.badRequest("invalid_email", "email must be an email address of at most 254 characters");
    }

    public static ApiException forbidden(String message) {
        return new ApiException(HttpStatus.FORBIDDEN, "forbidden", message);
    }

    public static ApiException conflict(String code, String message) {
        return new ApiException(HttpStatus.CONFLICT, code, message);
    }

    public static ApiException notFound(String message) {
        return new ApiException(HttpStatus.NOT_FOUND, "not_found", message);
    }

    public static ApiException tooManyRequests(String code, String message, Duration retryAfter) {
        return new ApiException(
                HttpStatus.TOO_MANY_REQUESTS, code, message, Map.of("retry_after_seconds", retryAfter.toSeconds()));
    }

    public static ApiException busy() {
        return new ApiException(
                HttpStatus.SERVICE_UNAVAILABLE,
                "busy",
                "too many logins at once; try again in a second",
                Map.of("retry_after_seconds", 1));
    }
}

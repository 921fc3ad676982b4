package org.reservegrid.auth.api;

import com.fasterxml.jackson.annotation.JsonProperty;
import org.jspecify.annotations.Nullable;
import org.reservegrid.spring.api.ApiException;

/**
 * The JSON bodies the API accepts. Members are nullable here so that a missing one gets a clear
 * {@code missing_field} answer instead of a decoding error; unknown members are refused by the JSON settings.
 */
final class Requests {
    /** No legitimate value of any member is longer; longer input is refused before any work is done. */
    static final int MAX_FIELD = 1024;

    private Requests() {}

    record Register(@Nullable String email, @Nullable String password) {}

    record Token(@Nullable String token) {}

    record Email(@Nullable String email) {}

    record Login(
            @Nullable String email,
            @Nullable String password,
            @Nullable String totp,
            @Nullable String recoveryCode) {}

    record ChangePassword(
            @Nullable String current,
            @JsonProperty("new") @Nullable String newPassword) {}

    record Reset(@Nullable String token, @Nullable String password) {}

    record RoleChange(@Nullable String role) {}

    record Approve(@Nullable String role) {}

    record Code(@Nullable String code) {}

    record DisableTwoFactor(
            @Nullable String password, @Nullable String code) {}

    record TwoFactorRequirement(@Nullable Boolean required) {}

    /** The member's value, or a 400 naming it. */
    static String required(@Nullable String value, String member) {
        if (value == null) {
            throw ApiException.badRequest("missing_field", "the body must have the member '" + member + "'");
        }
        if (value.length() > MAX_FIELD) {
            throw ApiException.badRequest(
                    "field_too_long", "'" + member + "' is longer than " + MAX_FIELD + " characters");
        }
        return value;
    }

    static @Nullable String optional(@Nullable String value, String member) {
        return value == null ? null : required(value, member);
    }
}

package org.reservegrid.verifier.api;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import org.jspecify.annotations.Nullable;
import org.reservegrid.protocol.VerdictReason;
import org.reservegrid.spring.api.ApiException;
import org.reservegrid.verifier.history.VerdictQuery;

/** Parsing of query parameters into typed values; bad input is a 400 naming the parameter. */
final class QueryParams {
    private QueryParams() {}

    static VerdictQuery verdictQuery(
            @Nullable String limit,
            int defaultLimit,
            @Nullable String reason,
            @Nullable String since,
            @Nullable String before) {
        int parsedLimit = limit == null ? defaultLimit : (int) longParam("limit", limit, 1, VerdictQuery.MAX_LIMIT);
        Long beforeId = before == null || before.isBlank() ? null : longParam("before", before, 1, Long.MAX_VALUE);
        return new VerdictQuery(parsedLimit, outcome(reason), instant("since", since), beforeId);
    }

    static @Nullable String outcome(@Nullable String reason) {
        if (reason == null || reason.isBlank()) {
            return null;
        }
        if (reason.equals(VerdictQuery.ACCEPTED) || reason.equals(VerdictQuery.REJECTED)) {
            return reason;
        }
        try {
            return VerdictReason.fromText(reason).text();
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest(
                    "invalid_parameter",
                    "reason must be a verdict reason code, 'accepted' or 'rejected', got '" + reason + "'");
        }
    }

    /** Unix seconds, or an ISO-8601 instant such as {@code 2026-11-23T10:00:00Z}. */
    static @Nullable Instant instant(String name, @Nullable String value) {
        if (value == null || value.isBlank()) {
            return null;
        }
        try {
            return Instant.ofEpochSecond(Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            try {
                return Instant.parse(value.trim());
            } catch (DateTimeParseException notIso) {
                throw ApiException.badRequest(
                        "invalid_parameter",
                        name + " must be unix seconds or an ISO-8601 instant, got '" + value + "'");
            }
        }
    }

    static long longParam(String name, String value, long min, long max) {
        long parsed;
        try {
            parsed = Long.parseLong(value.trim());
        } catch (NumberFormatException e) {
            throw ApiException.badRequest("invalid_parameter", name + " must be an integer, got '" + value + "'");
        }
        if (parsed < min || parsed > max) {
            throw ApiException.badRequest(
                    "invalid_parameter", name + " must be between " + min + " and " + max + ", got " + parsed);
        }
        return parsed;
    }
}

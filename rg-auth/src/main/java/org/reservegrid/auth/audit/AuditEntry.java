package org.reservegrid.auth.audit;

import java.time.Instant;
import org.jspecify.annotations.Nullable;

/** One audit row as admins page through them. */
public record AuditEntry(
        long id,
        Instant at,
        String event,
        @Nullable Long actorId,
        @Nullable Long accountId,
        @Nullable String email,
        @Nullable String clientIp,
        @Nullable String detail) {}

package org.reservegrid.auth.flow;

import org.jspecify.annotations.Nullable;

/** Where a request came from, for rate limits, sessions and the audit log. */
public record Caller(String clientIp, @Nullable String userAgent) {}

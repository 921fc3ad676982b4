package org.reservegrid.auth.flow;

import java.time.Instant;
import org.reservegrid.auth.account.Account;

/** A new session: the token (shown once, to set the cookie or hand to an API client) and its expiry. */
public record LoginResult(String token, Instant expiresAt, Account account) {}

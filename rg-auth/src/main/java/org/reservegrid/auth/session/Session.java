package org.reservegrid.auth.session;

import java.time.Instant;
import org.reservegrid.auth.account.Account;

/** A live session and its account, as one lookup by token hash returns them. */
public record Session(long id, Account account, Instant createdAt, Instant expiresAt, Instant lastSeenAt) {}

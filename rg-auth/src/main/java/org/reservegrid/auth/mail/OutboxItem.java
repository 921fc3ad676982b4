package org.reservegrid.auth.mail;

/** A queued email and how many times sending it failed so far. */
record OutboxItem(long id, Email email, int attempts) {}

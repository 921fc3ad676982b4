/** Email: the durable outbox, SMTP with STARTTLS required or the stdout stub, and the messages. */
@NullMarked
package org.reservegrid.auth.mail;

import org.jspecify.annotations.NullMarked;

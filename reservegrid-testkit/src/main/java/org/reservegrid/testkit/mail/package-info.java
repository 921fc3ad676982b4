/**
 * A real SMTP server for mail tests: {@link org.reservegrid.testkit.mail.SmtpTestServer} runs aiosmtpd as a child
 * process, with STARTTLS and AUTH required or with neither, and records every {@link
 * org.reservegrid.testkit.mail.ReceivedMail} and session event.
 */
@NullMarked
package org.reservegrid.testkit.mail;

import org.jspecify.annotations.NullMarked;

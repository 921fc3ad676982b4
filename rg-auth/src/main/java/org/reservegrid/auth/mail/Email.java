package org.reservegrid.auth.mail;

/**
 * An email to send: plain text, UTF-8.
 *
 * @param kind what it is ({@code verify}, {@code reset}, ...), for metrics and the outbox listing; never content
 */
public record Email(String kind, String recipient, String subject, String body) {}

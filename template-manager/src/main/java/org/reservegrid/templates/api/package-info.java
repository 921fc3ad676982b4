/**
 * The HTTP API as annotated WebFlux controllers (templates and their stream, node relays, settings, metrics), its
 * OpenAPI document, and the {@code /health} and {@code /ready} routes. Errors leave through reservegrid-spring's
 * {@code ApiErrorHandler}.
 */
@NullMarked
package org.reservegrid.templates.api;

import org.jspecify.annotations.NullMarked;

/**
 * The HTTP API as annotated WebFlux controllers (channels, stats, blocks, Noise keys, metrics), its OpenAPI
 * document, and the {@code /health} and {@code /ready} routes. Errors leave through reservegrid-spring's
 * {@code ApiErrorHandler}.
 */
@NullMarked
package org.reservegrid.gateway.api;

import org.jspecify.annotations.NullMarked;

/**
 * Gateway modes (shadow, observe, inline): which templates reach miners and when. {@link
 * org.reservegrid.gateway.mode.ModeController} is a pure, single-threaded state machine; the service feeds it
 * templates, verdicts and timer ticks and acts on the {@link org.reservegrid.gateway.mode.ModeDecision}s it returns.
 * The rules are in docs/gateway-modes.md.
 */
@NullMarked
package org.reservegrid.gateway.mode;

import org.jspecify.annotations.NullMarked;

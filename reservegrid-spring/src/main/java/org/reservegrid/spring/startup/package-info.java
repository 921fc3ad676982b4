/**
 * Start-up failure reports: Boot failure analyzers for bad {@code VELDRA_*} values and taken ports, and the exit
 * path of services that check their configuration before Spring starts.
 */
@NullMarked
package org.reservegrid.spring.startup;

import org.jspecify.annotations.NullMarked;

/**
 * sv2-gateway: the Stratum V2 pool side. Takes templates and verdicts from template-manager's stream, builds one
 * job per template for every standard channel, validates shares, retargets, logs accepted shares durably and submits
 * blocks through template-manager. Feature packages: {@code template} (the stream), {@code work} (jobs and coinbase),
 * {@code server} (Netty SV2 server, channels), {@code share}, {@code vardiff}, {@code hashrate}, {@code sharelog},
 * {@code block}, {@code noise} (keys), {@code api}, {@code metrics}; {@code mode} holds the observe/inline logic.
 */
@NullMarked
package org.reservegrid.gateway;

import org.jspecify.annotations.NullMarked;

/**
 * Mining work on a standard channel: which job is current ({@link org.reservegrid.testminer.work.ChannelWork}) and
 * the CPU nonce search against the channel target ({@link org.reservegrid.testminer.work.NonceGrinder}).
 */
@NullMarked
package org.reservegrid.testminer.work;

import org.jspecify.annotations.NullMarked;

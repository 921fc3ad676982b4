/**
 * {@code test-miner}: a Stratum V2 miner for regtest checks. {@link org.reservegrid.testminer.TestMinerMain} parses
 * the command line; {@link org.reservegrid.testminer.TestMiner} runs one session (Noise NX with the gateway's
 * certificate checked against the authority key, SetupConnection, one standard channel, CPU-ground shares, their
 * acknowledgements) and returns a {@link org.reservegrid.testminer.MinerReport}. Feature packages: {@code connection}
 * (Netty pipeline and events), {@code work} (jobs, targets, nonce search), {@code shares} (sequence numbers and
 * acknowledgements).
 */
@NullMarked
package org.reservegrid.testminer;

import org.jspecify.annotations.NullMarked;

package org.reservegrid.templates.template;

import org.reservegrid.protocol.message.TemplatePropose;

/**
 * Turns a parsed template into the proposal the verifier judges, stamped with the configured protocol version and
 * coinbase sigops ({@link BlockTemplate#propose}); the request id it sets is replaced by the verifier client.
 */
@FunctionalInterface
public interface ProposeConverter {
    TemplatePropose convert(BlockTemplate template);

    static ProposeConverter stamping(int protocolVersion, long coinbaseSigops) {
        return template -> template.propose(protocolVersion, coinbaseSigops);
    }
}

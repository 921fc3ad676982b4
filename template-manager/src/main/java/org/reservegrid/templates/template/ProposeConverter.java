package org.reservegrid.templates.template;

import org.reservegrid.protocol.message.TemplatePropose;
import tools.jackson.databind.JsonNode;

/**
 * Turns a getblocktemplate result into the proposal the verifier judges. The production implementation is
 * rg-protocol's {@code GbtConverter}; the request id it sets is replaced by the verifier client.
 */
@FunctionalInterface
public interface ProposeConverter {
    TemplatePropose convert(JsonNode gbt);
}

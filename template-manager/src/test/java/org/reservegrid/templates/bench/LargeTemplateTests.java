package org.reservegrid.templates.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.reservegrid.protocol.gbt.GbtConverter;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.templates.template.BlockTemplate;
import org.reservegrid.templates.template.GbtParser;
import tools.jackson.databind.json.JsonMapper;

/** The benchmark's input is what it claims to be, and every benchmarked path reads it the same way. */
class LargeTemplateTests {

    @Test
    void theGeneratedTemplateIsAboutTwoMegabytesWithFourThousandTransactions() {
        byte[] json = LargeTemplate.json(4000, 20_261_123L);

        BlockTemplate template = GbtParser.parse(new JsonMapper().readTree(json));
        // The verifier's own parse (rg-protocol, behind /api/evaluate) is the reference for the proposal.
        TemplatePropose streamed = GbtConverter.toPropose(json, 0, 2, 400);

        assertThat(json.length).isBetween(1_800_000, 2_400_000);
        assertThat(template.transactions()).hasSize(4000);
        assertThat(streamed.transactions().size()).isEqualTo(4000);
        assertThat(streamed.transactions().totalFees()).isEqualTo(template.totalFees());
        assertThat(streamed).isEqualTo(GbtConverter.toPropose(new JsonMapper().readTree(json), 0, 2, 400));
        assertThat(template.propose(2, 400)).isEqualTo(streamed);
        assertThat(LargeTemplate.json(4000, 20_261_123L)).isEqualTo(json);
    }
}

package org.reservegrid.protocol.gbt;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.reservegrid.protocol.message.TemplatePropose;
import org.reservegrid.testkit.TestData;

class GbtConverterPropertyTests {

    @Property(tries = 500)
    void arbitraryBytesConvertOrFailWithATypedError(@ForAll byte[] input) {
        assertConvertsOrFailsTyped(input);
    }

    @Property(tries = 500)
    void mutatedFixturesConvertOrFailWithATypedError(@ForAll("mutatedTemplates") byte[] input) {
        assertConvertsOrFailsTyped(input);
    }

    @Provide
    Arbitrary<byte[]> mutatedTemplates() throws IOException {
        byte[] original = Files.readAllBytes(TestData.fixture("gbt/core-regtest-h506-4tx.json"));
        return Arbitraries.integers()
                .between(0, original.length - 1)
                .list()
                .ofMinSize(1)
                .ofMaxSize(8)
                .flatMap(positions -> Arbitraries.bytes()
                        .list()
                        .ofSize(positions.size())
                        .map(values -> {
                            byte[] mutated = original.clone();
                            for (int i = 0; i < positions.size(); i++) {
                                mutated[positions.get(i)] = values.get(i);
                            }
                            return mutated;
                        }));
    }

    private static void assertConvertsOrFailsTyped(byte[] input) {
        try {
            TemplatePropose propose = GbtConverter.toPropose(input, 1, 2, 0);
            assertThat(propose.transactions().size()).isNotNegative();
        } catch (GbtConversionException e) {
            assertThat(e.getMessage()).isNotBlank();
        }
    }
}

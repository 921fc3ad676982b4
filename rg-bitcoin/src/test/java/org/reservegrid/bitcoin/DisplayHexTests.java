package org.reservegrid.bitcoin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.bitcoinj.base.Sha256Hash;
import org.junit.jupiter.api.Test;

/** Display order is the reverse of internal order, exactly as bitcoinj's {@link Sha256Hash} prints hashes. */
class DisplayHexTests {

    @Property
    void formatPrintsWhatBitcoinjPrintsForAnInternalOrderHash(@ForAll @Size(32) byte[] internal) {
        assertThat(DisplayHex.format(internal))
                .isEqualTo(Sha256Hash.wrapReversed(internal).toString());
    }

    @Property
    void parseGivesTheInternalOrderBitcoinjReadsFromDisplayHex(@ForAll @Size(32) byte[] internal) {
        String display = Sha256Hash.wrapReversed(internal).toString();

        // bitcoinj's wrap(String) holds the bytes in display order; ours come back in internal order.
        assertThat(DisplayHex.reversed(DisplayHex.parse(display)))
                .isEqualTo(Sha256Hash.wrap(display).getBytes());
        assertThat(DisplayHex.parse(display.toUpperCase(java.util.Locale.ROOT))).isEqualTo(internal);
    }

    @Property
    void formatAndParseAreInversesForAnyLength(@ForAll @Size(max = 80) byte[] internal) {
        assertThat(DisplayHex.parse(DisplayHex.format(internal))).isEqualTo(internal);
        assertThat(DisplayHex.reversed(DisplayHex.reversed(internal))).isEqualTo(internal);
    }

    @Test
    void reversedLeavesItsArgumentAlone() {
        byte[] bytes = {1, 2, 3};

        assertThat(DisplayHex.reversed(bytes)).containsExactly(3, 2, 1);
        assertThat(bytes).containsExactly(1, 2, 3);
        assertThat(DisplayHex.format(bytes)).isEqualTo("030201");
    }

    @Test
    void parseRejectsWhatIsNotHex() {
        assertThatThrownBy(() -> DisplayHex.parse("0g")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> DisplayHex.parse("abc")).isInstanceOf(IllegalArgumentException.class);
    }
}

package org.reservegrid.loadtest.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ProcessUsageTests {

    @Test
    void cpuTimeIsUserPlusSystemTicksCountedAfterTheCommandName() {
        // A command name with spaces and a parenthesis, as /proc allows; utime 1234 and stime 56 are fields 14, 15.
        String stat = "4242 (java (rg) x) S 1 4242 4242 0 -1 4194560 51871 0 12 0 1234 56 0 0 20 0 57 0 8123 1 2";

        assertThat(ProcessUsage.cpuTicks(stat)).hasValue(1290);
    }

    @Test
    void aStatLineWithoutTheFieldsGivesNothing() {
        assertThat(ProcessUsage.cpuTicks("4242 (java) S 1 2")).isEmpty();
        assertThat(ProcessUsage.cpuTicks("no parenthesis")).isEmpty();
    }

    @Test
    void memoryFieldsAreReadInKib() {
        String status = "Name:\tjava\nVmHWM:\t  524288 kB\nVmRSS:\t  262144 kB\n";

        assertThat(ProcessUsage.field(status, "VmRSS:")).hasValue(262_144);
        assertThat(ProcessUsage.field(status, "VmHWM:")).hasValue(524_288);
        assertThat(ProcessUsage.field(status, "VmSwap:")).isEmpty();
    }

    @Test
    void thisProcessCanBeRead() {
        assertThat(ProcessUsage.read(ProcessHandle.current().pid())).hasValueSatisfying(usage -> {
            assertThat(usage.rssKib()).isPositive();
            assertThat(usage.peakRssKib()).isGreaterThanOrEqualTo(usage.rssKib());
            assertThat(usage.cpuSeconds()).isPositive();
        });
        assertThat(ProcessUsage.read(Long.MAX_VALUE)).isEmpty();
    }
}

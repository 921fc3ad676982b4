package org.reservegrid.loadtest.http;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * CPU time and resident memory of a local process from {@code /proc/<pid>/stat} and {@code /proc/<pid>/status}
 * (Linux): user + system time of all its threads, {@code VmRSS} and {@code VmHWM} (the peak since it started).
 */
record ProcessUsage(double cpuSeconds, long rssKib, long peakRssKib) {
    /** USER_HZ, the unit of utime and stime: 100 on every mainstream Linux build. */
    private static final double CLOCK_TICKS_PER_SECOND = 100;

    /** Empty when there is no such process or no /proc (not Linux). */
    static Optional<ProcessUsage> read(long pid) {
        Path proc = Path.of("/proc", Long.toString(pid));
        try {
            OptionalLong ticks = cpuTicks(Files.readString(proc.resolve("stat")));
            String status = Files.readString(proc.resolve("status"));
            OptionalLong rss = field(status, "VmRSS:");
            if (ticks.isEmpty() || rss.isEmpty()) {
                return Optional.empty();
            }
            return Optional.of(new ProcessUsage(
                    ticks.getAsLong() / CLOCK_TICKS_PER_SECOND,
                    rss.getAsLong(),
                    field(status, "VmHWM:").orElse(rss.getAsLong())));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    /** utime + stime: fields 14 and 15 of the stat line, counted after the command name's closing parenthesis. */
    static OptionalLong cpuTicks(String stat) {
        int end = stat.lastIndexOf(')');
        if (end < 0) {
            return OptionalLong.empty();
        }
        String[] fields = stat.substring(end + 1).trim().split("\\s+");
        // fields[0] is field 3 (state), so field n is fields[n - 3].
        if (fields.length < 13) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(fields[11]) + Long.parseLong(fields[12]));
        } catch (NumberFormatException e) {
            return OptionalLong.empty();
        }
    }

    /** Parses a line such as {@code VmRSS:\t  123456 kB}. */
    static OptionalLong field(String status, String name) {
        for (String line : status.split("\n")) {
            if (line.startsWith(name)) {
                String[] words = line.substring(name.length()).trim().split("\\s+");
                try {
                    return OptionalLong.of(Long.parseLong(words[0]));
                } catch (NumberFormatException e) {
                    return OptionalLong.empty();
                }
            }
        }
        return OptionalLong.empty();
    }
}

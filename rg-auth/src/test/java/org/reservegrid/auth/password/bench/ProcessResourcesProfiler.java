package org.reservegrid.auth.password.bench;

import com.sun.management.OperatingSystemMXBean;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

/**
 * JMH profiler ({@code -prof org.reservegrid.auth.password.bench.ProcessResourcesProfiler}) reporting, per iteration,
 * the benchmark fork's CPU time per operation (all its threads: the hashes may run on threads other than JMH's) and
 * its resident memory from {@code /proc/self/status} (Linux): {@code rss.peak} is VmHWM, the most the process has had
 * resident since it started, {@code rss.now} VmRSS.
 *
 * <p>On a machine shared with other work the wall-clock score counts time spent waiting for a core; CPU time per
 * operation does not. Comparing {@code rss.peak} across thread counts with the same fixed, pre-touched heap shows
 * the native memory the hashes keep.
 */
public class ProcessResourcesProfiler implements InternalProfiler {
    private final OperatingSystemMXBean os = (OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long cpuBefore;

    @Override
    public String getDescription() {
        return "process CPU time per operation and resident memory (VmHWM, VmRSS)";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        cpuBefore = os.getProcessCpuTime();
    }

    @Override
    public Collection<? extends Result<?>> afterIteration(
            BenchmarkParams benchmarkParams, IterationParams iterationParams, IterationResult result) {
        List<Result<?>> results = new ArrayList<>();
        long ops = result.getMetadata().getAllOps();
        long cpu = os.getProcessCpuTime() - cpuBefore;
        if (ops > 0 && cpuBefore >= 0 && cpu >= 0) {
            results.add(new ScalarResult("cpu.per.op", cpu / 1e6 / ops, "ms/op", AggregationPolicy.AVG));
        }
        String status;
        try {
            status = Files.readString(Path.of("/proc/self/status"));
        } catch (IOException e) {
            return results;
        }
        long peak = kib(status, "VmHWM:");
        long now = kib(status, "VmRSS:");
        if (peak >= 0) {
            results.add(new ScalarResult("rss.peak", peak / 1024.0, "MiB", AggregationPolicy.MAX));
        }
        if (now >= 0) {
            results.add(new ScalarResult("rss.now", now / 1024.0, "MiB", AggregationPolicy.AVG));
        }
        return results;
    }

    private static long kib(String status, String field) {
        for (String line : status.split("\n")) {
            if (line.startsWith(field)) {
                try {
                    return Long.parseLong(line.substring(field.length()).trim().split("\\s+")[0]);
                } catch (NumberFormatException e) {
                    return -1;
                }
            }
        }
        return -1;
    }
}

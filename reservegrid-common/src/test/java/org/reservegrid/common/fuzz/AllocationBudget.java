package org.reservegrid.common.fuzz;

import java.lang.management.ManagementFactory;
import java.util.function.Supplier;
import org.jspecify.annotations.Nullable;

/**
 * Bounds the heap a decoder may allocate for one input, so a fuzz target catches an allocation sized from an
 * unchecked length field (a {@code new byte[len]} before the bytes are known to be there). It counts the bytes the
 * current thread allocates (HotSpot's per-thread counter), which includes garbage, so the budget is generous:
 * a fixed allowance for the decoder's bookkeeping plus a factor of the input's length. A length field of a few
 * bytes that claims megabytes blows it by orders of magnitude.
 *
 * @param fixedBytes bytes allowed whatever the input's size
 * @param bytesPerInputByte bytes allowed for each input byte
 */
public record AllocationBudget(long fixedBytes, long bytesPerInputByte) {

    private static final com.sun.management.ThreadMXBean THREADS =
            (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();

    static {
        if (!THREADS.isThreadAllocatedMemorySupported()) {
            throw new IllegalStateException("this JVM cannot count allocated bytes per thread");
        }
        THREADS.setThreadAllocatedMemoryEnabled(true);
    }

    /** What a binary decoder should stay within: 256 KiB plus 64 bytes per input byte. */
    public static AllocationBudget binaryDecoder() {
        return new AllocationBudget(256 * 1024, 64);
    }

    /** What a text (JSON, TOML) parser should stay within: 4 MiB plus 256 bytes per input byte. */
    public static AllocationBudget textParser() {
        return new AllocationBudget(4 * 1024 * 1024, 256);
    }

    /** The most {@code inputLength} bytes of input may cost. */
    public long limitFor(int inputLength) {
        return fixedBytes + bytesPerInputByte * inputLength;
    }

    /**
     * Runs {@code decode} on an input of {@code inputLength} bytes twice and fails with an {@link AssertionError}
     * if the second run allocated more than {@link #limitFor}, whether it returned or threw (a decoder that
     * allocates 16 MiB and then rejects the input is as bad as one that accepts it). The first run is not counted:
     * it pays for loading (and the fuzzer's instrumenting) the classes this input reaches for the first time.
     * {@code decode} must therefore be repeatable: same input, same work. What the second run threw is rethrown
     * when within budget.
     */
    public <T> T check(int inputLength, Supplier<T> decode) {
        try {
            decode.get();
        } catch (RuntimeException | Error e) {
            // The counted run below throws it again.
        }
        long before = THREADS.getCurrentThreadAllocatedBytes();
        T result;
        try {
            result = decode.get();
        } catch (RuntimeException | Error e) {
            requireWithin(inputLength, before, e);
            throw e;
        }
        requireWithin(inputLength, before, null);
        return result;
    }

    private void requireWithin(int inputLength, long allocatedBefore, @Nullable Throwable thrown) {
        long allocated = THREADS.getCurrentThreadAllocatedBytes() - allocatedBefore;
        long limit = limitFor(inputLength);
        if (allocated > limit) {
            AssertionError error = new AssertionError("decoding " + inputLength + " input bytes allocated " + allocated
                    + " bytes, more than the budget of " + limit
                    + (thrown == null ? "" : " (then threw " + thrown + ")"));
            if (thrown != null) {
                error.addSuppressed(thrown);
            }
            throw error;
        }
    }
}

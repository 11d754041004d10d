package org.kcyj.attachment;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.lang.management.ManagementFactory;

/**
 * What one inspection may still spend, checked by the worker thread as it reads and walks: it stops
 * when the thread was interrupted (the caller timed out) or has allocated more than its budget.
 *
 * <p>The allocation budget exists because PDFBox decodes object streams and cross-reference streams
 * into heap buffers of its own, outside the stream cache; decoding reads the compressed input as it
 * goes, so a check on each read stops a decompression bomb there a few megabytes past the budget.
 * Allocation is counted with HotSpot's per-thread counter; where the JVM has none, only time is bounded.
 */
final class ParseBudget {

    /** Single-byte reads between two allocation checks; bulk reads check every time. */
    private static final int SINGLE_READS_PER_CHECK = 4096;
    private static final com.sun.management.ThreadMXBean THREADS = allocationCounter();

    private final long maxAllocatedBytes;
    private final long allocatedAtStart;
    private int singleReads;
    private boolean exhausted;

    /** Starts counting the calling thread's allocation. */
    ParseBudget(long maxAllocatedBytes) {
        this.maxAllocatedBytes = maxAllocatedBytes;
        this.allocatedAtStart = allocatedByThisThread();
    }

    void checkSingleRead() throws IOException {
        if (++singleReads >= SINGLE_READS_PER_CHECK) {
            singleReads = 0;
            check();
        } else if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("PDF inspection cancelled");
        }
    }

    /** Throws once the thread is interrupted or over budget; stays failed after the budget ran out. */
    void check() throws IOException {
        if (Thread.currentThread().isInterrupted()) {
            throw new InterruptedIOException("PDF inspection cancelled");
        }
        if (!exhausted && THREADS != null && allocatedByThisThread() - allocatedAtStart > maxAllocatedBytes) {
            exhausted = true;
        }
        if (exhausted) {
            throw new IOException("PDF inspection allocated more than " + maxAllocatedBytes + " bytes");
        }
    }

    /** Whether the budget ran out, even if PDFBox swallowed the exception that said so. */
    boolean exhausted() {
        return exhausted;
    }

    private static long allocatedByThisThread() {
        return THREADS == null ? 0 : THREADS.getCurrentThreadAllocatedBytes();
    }

    private static com.sun.management.ThreadMXBean allocationCounter() {
        if (ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean threads
                && threads.isThreadAllocatedMemorySupported()) {
            if (!threads.isThreadAllocatedMemoryEnabled()) {
                threads.setThreadAllocatedMemoryEnabled(true);
            }
            return threads;
        }
        return null;
    }
}

package dev.interpolationlab.trainer.model;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Runs the parts of one kernel pass on a fixed set of threads: the caller runs part 0, T − 1 workers run the rest.
 * Unlike an executor it allocates nothing per pass (no task objects, no futures), so a training step stays
 * allocation-free. Kernels split their work so that every number is summed in the same order whatever T is: the
 * thread count changes the speed of a run, never its result.
 */
public final class Parallel implements AutoCloseable {

    /** One pass, split in {@code parts} pieces; {@code part} is this thread's piece. */
    @FunctionalInterface
    public interface Part {
        void run(int part, int parts);
    }

    private static final int SPINS = 20_000;

    private final Thread[] workers;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile Part task;
    private volatile int generation;
    private volatile boolean closed;
    private volatile Thread caller;
    private volatile Throwable failure;

    public Parallel(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        workers = new Thread[threads - 1];
        for (int w = 0; w < workers.length; w++) {
            int part = w + 1;
            workers[w] = new Thread(() -> work(part), "kernel-" + part);
            workers[w].setDaemon(true);
            workers[w].start();
        }
    }

    public static Parallel sequential() {
        return new Parallel(1);
    }

    public int threads() {
        return workers.length + 1;
    }

    /** Runs parts 0..T−1 of {@code pass} and returns when all are done; a worker's exception is rethrown here. */
    public void run(Part pass) {
        int parts = threads();
        if (parts == 1) {
            pass.run(0, 1);
            return;
        }
        caller = Thread.currentThread();
        task = pass;
        pending.set(parts - 1);
        generation++;
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
        pass.run(0, parts);
        for (int spin = 0; pending.get() != 0; spin++) {
            if (spin < SPINS) {
                Thread.onSpinWait();
            } else {
                LockSupport.parkNanos(this, 50_000);
            }
        }
        Throwable thrown = failure;
        if (thrown != null) {
            failure = null;
            throw new IllegalStateException("a kernel thread failed", thrown);
        }
    }

    private void work(int part) {
        int seen = 0;
        while (!closed) {
            int current = generation;
            if (current == seen) {
                for (int spin = 0; spin < SPINS && generation == seen && !closed; spin++) {
                    Thread.onSpinWait();
                }
                if (generation == seen && !closed) {
                    LockSupport.park(this);
                }
                continue;
            }
            seen = current;
            try {
                task.run(part, threads());
            } catch (Throwable thrown) {
                failure = thrown;
            }
            if (pending.decrementAndGet() == 0) {
                LockSupport.unpark(caller);
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        for (Thread worker : workers) {
            LockSupport.unpark(worker);
        }
    }

    /** The first index of {@code part} when {@code count} items are split in {@code parts} contiguous ranges. */
    public static int from(int count, int part, int parts) {
        return (int) ((long) count * part / parts);
    }
}

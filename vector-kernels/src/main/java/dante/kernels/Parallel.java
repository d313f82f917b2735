package dante.kernels;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;

/**
 * The one place threads are used: runs {@code count} independent tasks on a fixed set of
 * workers (the caller is worker 0). Tasks must write disjoint outputs; which worker runs a
 * task never changes its result. A call allocates nothing, so it can sit in a training step.
 */
public final class Parallel implements AutoCloseable {

    /** One task: {@code task} in [0, count), {@code worker} in [0, threads) names its scratch space. */
    @FunctionalInterface
    public interface Body {
        /**
         * Runs one task.
         *
         * @param task the task's index
         * @param worker the worker running it
         */
        void run(int task, int worker);
    }

    private final int threads;
    private final Thread[] workers;
    private final Object callLock = new Object();
    /** (generation << 32) | next task index: a claim is valid only within its own call. */
    private final AtomicLong ticket = new AtomicLong();
    private final AtomicInteger pending = new AtomicInteger();
    private volatile int generation;
    private volatile boolean closed, busy;
    private volatile Thread caller;
    private Body body;
    private int count;
    private volatile Throwable failure;

    /**
     * Starts {@code threads − 1} worker threads (daemons); the caller of {@link #forEach} is worker 0.
     *
     * @param threads the number of workers including the caller (at least 1)
     */
    public Parallel(int threads) {
        if (threads < 1) throw new IllegalArgumentException("threads must be at least 1, found " + threads);
        this.threads = threads;
        this.workers = new Thread[threads - 1];
        for (int w = 1; w < threads; w++) {
            final int id = w;
            Thread t = new Thread(() -> workerLoop(id), "dante-worker-" + id);
            t.setDaemon(true);
            workers[w - 1] = t;
            t.start();
        }
    }

    /** {@return the number of workers, the caller included} */
    public int threads() { return threads; }

    /**
     * Runs tasks 0..count-1 and returns when all are done; rethrows the first failure.
     *
     * @param count the number of tasks
     * @param body what each task runs
     */
    public void forEach(int count, Body body) {
        if (count <= 0) return;
        if (closed) throw new IllegalStateException("Parallel pool is closed");
        Thread me = Thread.currentThread();
        for (Thread w : workers) {
            if (w == me) throw new IllegalStateException("Parallel.forEach called from inside one of its own tasks: nested use of a pool would deadlock");
        }
        if (busy && caller == me) throw new IllegalStateException("Parallel.forEach called from inside one of its own tasks: nested use of a pool would corrupt the running call");
        if (threads == 1 || count == 1) {
            for (int t = 0; t < count; t++) body.run(t, 0);
            return;
        }
        synchronized (callLock) {
            if (closed) throw new IllegalStateException("Parallel pool is closed");
            this.body = body;
            this.count = count;
            this.failure = null;
            this.caller = Thread.currentThread();
            busy = true;
            try {
                run(count);
            } finally {
                busy = false;
            }
        }
    }

    private void run(int count) {
        {
            pending.set(count);
            int g = generation + 1;
            ticket.set((long) g << 32);
            generation = g;                      // volatile write publishes body and count
            for (Thread t : workers) LockSupport.unpark(t);
            drain(0, g);
            int spins = 0;
            while (pending.get() > 0) {
                if (++spins < 1 << 14) Thread.onSpinWait();
                else LockSupport.parkNanos(this, 50_000);
            }
            ticket.set(((long) generation << 32) | Integer.MAX_VALUE);   // closed: no late claim can succeed
            this.body = null;
            Throwable f = failure;
            if (f != null) {
                if (f instanceof RuntimeException r) throw r;
                if (f instanceof Error e) throw e;
                throw new IllegalStateException(f);
            }
        }
    }

    private void drain(int worker, int gen) {
        while (true) {
            // The ticket first: body and count are only rewritten after the ticket is closed,
            // so if the claim below succeeds they belong to this generation.
            long cur = ticket.get();
            if ((int) (cur >>> 32) != gen) return;
            int t = (int) cur;
            Body b = body;
            int n = count;
            if (t >= n) return;
            if (!ticket.compareAndSet(cur, cur + 1)) continue;
            try {
                b.run(t, worker);
            } catch (Throwable e) {
                if (failure == null) failure = e;
            } finally {
                if (pending.decrementAndGet() == 0) LockSupport.unpark(caller);
            }
        }
    }

    private void workerLoop(int id) {
        int seen = 0;
        while (!closed) {
            int g = generation;
            if (g != seen) {
                seen = g;
                drain(id, g);
                continue;
            }
            int spins = 0;
            while (generation == seen && !closed) {
                if (++spins < 1 << 12) Thread.onSpinWait();
                else LockSupport.park(this);
            }
        }
    }

    /**
     * Splits [0, n) into {@code parts} ranges whose boundaries are multiples of {@code grain}.
     *
     * @param n the length of the range
     * @param parts the number of ranges
     * @param part which range
     * @param grain the multiple the boundaries fall on (except n itself)
     * @return the start of range {@code part}; range {@code parts} starts at n
     */
    public static int rangeStart(int n, int parts, int part, int grain) {
        int units = (n + grain - 1) / grain;
        long start = (long) units * part / parts;
        return (int) Math.min(n, start * grain);
    }

    /** Stops the workers (waiting up to a second for them to end); a second close does nothing. */
    @Override
    public void close() {
        if (closed) return;
        closed = true;
        for (Thread t : workers) LockSupport.unpark(t);
        for (Thread t : workers) {
            try {
                t.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }
}

package dante.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.concurrent.atomic.AtomicIntegerArray;

import org.junit.jupiter.api.Test;

class ParallelTest {

    /**
     * Back-to-back calls with changing task counts: every task of every call runs exactly once
     * and with that call's body. (A late worker once claimed a task of a finished call against
     * the next call's larger count, running it with the wrong body.)
     */
    @Test
    void everyTaskRunsExactlyOnceWithItsOwnCallsBody() {
        try (Parallel p = new Parallel(3)) {
            AtomicIntegerArray runs = new AtomicIntegerArray(16);
            for (int call = 0; call < 200_000; call++) {
                int n = 1 + (call * 7) % 13;
                final int id = call;
                int[] seen = new int[16];
                for (int t = 0; t < 16; t++) runs.set(t, 0);
                p.forEach(n, (t, w) -> {
                    if (id < 0) throw new AssertionError();
                    runs.incrementAndGet(t);
                    seen[t] = id;
                });
                for (int t = 0; t < 16; t++) {
                    assertEquals(t < n ? 1 : 0, runs.get(t), "call " + call + " task " + t + " of " + n);
                    if (t < n) assertEquals(call, seen[t]);
                }
            }
        }
    }

    @Test
    void aTaskFailureReachesTheCaller() {
        try (Parallel p = new Parallel(2)) {
            IllegalStateException boom = new IllegalStateException("boom");
            IllegalStateException e = assertThrows(IllegalStateException.class, () -> p.forEach(8, (t, w) -> {
                if (t == 5) throw boom;
            }));
            assertSame(boom, e);
            int[] ok = new int[4];
            p.forEach(4, (t, w) -> ok[t] = 1);
            assertEquals(4, ok[0] + ok[1] + ok[2] + ok[3], "the pool still works after a failure");
        }
    }
}

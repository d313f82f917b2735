package dante.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** GEMM's depth block KC is sized so that a B panel and an A strip share L1 (the micro-kernel halves its speed when they do not). */
class CacheBlockingTest {

    @Test
    void kcKeepsTheTwoPanelsInEightyFivePercentOfL1() {
        // 512-bit vectors: NR = 32, MR = 8, so 160 floats per step of k.
        assertEquals(160, PanamaKernels.kcFor(32 * 1024, 32, 8), "Intel's 32 KB: (32 + 8) × 160 × 4 B = 25.6 KB ≤ 27.9 KB");
        assertEquals(256, PanamaKernels.kcFor(48 * 1024, 32, 8), "AMD Zen 4/5's 48 KB: 40 KB");
        assertEquals(256, PanamaKernels.kcFor(1 << 20, 32, 8), "never above 256");
        assertEquals(64, PanamaKernels.kcFor(8 * 1024, 32, 8), "never below 64");
        assertEquals(256, PanamaKernels.kcFor(32 * 1024, 16, 8), "256-bit vectors on 32 KB: 24 × 256 × 4 B = 24 KB fits");
        for (long l1 : new long[] {16 * 1024, 32 * 1024, 48 * 1024, 64 * 1024}) {
            int kc = PanamaKernels.kcFor(l1, 32, 8);
            assertTrue(kc % 32 == 0 && (kc == 64 || (32 + 8) * kc * 4L <= 0.85 * l1), l1 + " → " + kc);
        }
    }

    @Test
    void thisMachinesKcFollowsItsL1() {
        assertEquals(PanamaKernels.kcFor(PanamaKernels.l1DataBytes(), PanamaKernels.NR, PanamaKernels.MR), PanamaKernels.KC);
        assertTrue(PanamaKernels.l1DataBytes() >= 4096, "an L1 data cache of " + PanamaKernels.l1DataBytes() + " bytes");
    }
}

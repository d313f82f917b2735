package dante.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/**
 * The GEMM's tile follows the vector width and the register count, and its depth block KC
 * the L1 data cache, on every tier, including the ones the machine running the test lacks.
 */
class CacheBlockingTest {

    @Test
    void kcKeepsTheTwoPanelsInEightyFivePercentOfL1() {
        // 512-bit vectors: NR = 32, MR = 8, so 160 floats per step of k.
        assertEquals(160, GemmTile.kcFor(32 * 1024, 32, 8), "Intel's 32 KB: (32 + 8) × 160 × 4 B = 25.6 KB ≤ 27.9 KB");
        assertEquals(256, GemmTile.kcFor(48 * 1024, 32, 8), "AMD Zen 4/5's 48 KB: 40 KB");
        assertEquals(256, GemmTile.kcFor(1 << 20, 32, 8), "never above 256");
        assertEquals(64, GemmTile.kcFor(8 * 1024, 32, 8), "never below 64");
        assertEquals(256, GemmTile.kcFor(32 * 1024, 16, 8), "256-bit vectors on 32 KB: 24 × 256 × 4 B = 24 KB fits");
        for (long l1 : new long[] {16 * 1024, 32 * 1024, 48 * 1024, 64 * 1024}) {
            int kc = GemmTile.kcFor(l1, 32, 8);
            assertTrue(kc % 32 == 0 && (kc == 64 || (32 + 8) * kc * 4L <= 0.85 * l1), l1 + " → " + kc);
        }
    }

    @Test
    void avx512TakesEightRowsOfTwoVectors() {
        GemmTile.Registers r = GemmTile.Registers.of("amd64", 512, true, null);
        assertEquals(32, r.count());
        GemmTile t = GemmTile.choose(512, r.count(), 32 * 1024, r.source());
        assertEquals(8, t.mr());
        assertEquals(32, t.nr());
        assertEquals(160, t.kc());
        assertEquals(128, t.mc());
        assertEquals(1024, t.nc());
        assertTrue(t.toString().contains("8×32") && t.toString().contains("32 vector registers (AVX-512)"), t.toString());
    }

    @Test
    void avx2WithSixteenRegistersTakesFourRowsSoNothingSpills() {
        // A native AVX2 CPU (no avx512f in /proc/cpuinfo): HotSpot is not asked.
        GemmTile.Registers r = GemmTile.Registers.of("amd64", 256, false, null);
        assertEquals(16, r.count());
        GemmTile t = GemmTile.choose(256, r.count(), 32 * 1024, r.source());
        assertEquals(4, t.mr());
        assertEquals(16, t.nr());
        assertEquals(256, t.kc(), "(16 + 4) × 256 × 4 B = 20 KB in 32 KB");
        assertTrue(t.reason().contains("16 vector registers (AVX2, no AVX-512)"), t.reason());
        // An AVX-512 CPU running HotSpot with -XX:UseAVX=2 (how the AVX2 tier is measured there).
        GemmTile.Registers emulated = GemmTile.Registers.of("amd64", 256, true, 2);
        assertEquals(16, emulated.count());
        assertEquals(4, GemmTile.choose(256, emulated.count(), 48 * 1024, emulated.source()).mr());
    }

    @Test
    void avx512AtTwoHundredFiftySixBitsKeepsItsThirtyTwoRegisters() {
        // -Ddante.vector.bits=256 or -XX:MaxVectorSize=32 on AVX-512: EVEX still reaches ymm16–31.
        GemmTile.Registers r = GemmTile.Registers.of("amd64", 256, true, 3);
        assertEquals(32, r.count());
        GemmTile t = GemmTile.choose(256, r.count(), 32 * 1024, r.source());
        assertEquals(8, t.mr());
        assertEquals(16, t.nr());
        // Unknown HotSpot flag on an AVX-512 CPU: the 16-register tile, which never spills.
        assertEquals(16, GemmTile.Registers.of("amd64", 256, true, null).count());
        assertEquals(16, GemmTile.Registers.of("amd64", 256, null, null).count());
    }

    @Test
    void armAndSseTiers() {
        GemmTile.Registers neon = GemmTile.Registers.of("aarch64", 128, null, null);
        assertEquals(32, neon.count(), "NEON and SVE: 32 vector registers");
        GemmTile t = GemmTile.choose(128, neon.count(), 64 * 1024, neon.source());
        assertEquals(8, t.mr());
        assertEquals(8, t.nr());
        assertEquals(256, t.kc());
        GemmTile sse = GemmTile.choose(128, GemmTile.Registers.of("x86_64", 128, false, null).count(), 32 * 1024, "sse");
        assertEquals(4, sse.mr());
        assertEquals(8, sse.nr());
    }

    @Test
    void blocksAreMultiplesOfTheTile() {
        for (int[] s : GemmTile.SHAPES) {
            for (int lanes : new int[] {4, 8, 16}) {
                GemmTile t = GemmTile.withBlocks(s[0], s[1], lanes, 32 * 1024, "test");
                assertEquals(0, t.mc() % t.mr(), t.toString());
                assertEquals(0, t.nc() % t.nr(), t.toString());
                assertTrue(t.mc() <= 128 && t.nc() <= 1024 && t.mc() >= 120 && t.nc() >= 1000, t.toString());
            }
        }
        assertThrows(IllegalArgumentException.class, () -> new GemmTile(5, 2, 8, 128, 125, 1024, "no such kernel"));
    }

    @Test
    void thisProcessesTileFollowsItsVectorWidthAndL1() {
        GemmTile t = PanamaKernels.TILE;
        assertEquals(PanamaKernels.L, t.lanes());
        if (Integer.getInteger("dante.gemm.kc") == null) assertEquals(GemmTile.kcFor(GemmTile.l1DataBytes(), t.nr(), t.mr()), t.kc());
        assertTrue(GemmTile.l1DataBytes() >= 4096, "an L1 data cache of " + GemmTile.l1DataBytes() + " bytes");
        boolean x86 = System.getProperty("os.arch").equals("amd64");
        boolean avx2Only = java.lang.management.ManagementFactory.getRuntimeMXBean().getInputArguments().contains("-XX:UseAVX=2");
        if (x86 && avx2Only && System.getProperty("dante.gemm.tile") == null) {
            assertEquals(4, t.mr(), "HotSpot with UseAVX=2 has 16 vector registers: " + t);
        }
        if (x86 && PanamaKernels.FS.vectorBitSize() == 512 && System.getProperty("dante.gemm.tile") == null) {
            assertEquals(8, t.mr(), "AVX-512 has 32 vector registers: " + t);
        }
    }
}

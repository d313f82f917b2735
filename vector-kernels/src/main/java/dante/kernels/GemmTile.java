package dante.kernels;

import java.util.Locale;

/**
 * The GEMM's register and cache blocking: an {@code mr × (vectors · lanes)} micro-tile of C
 * held in vector registers, and the depth KC, row block MC and column block NC that keep the
 * packed operands in L1 and L2. Chosen once per process from the vector width <em>and</em> the
 * number of vector registers ({@link #choose}); {@link #reason} says why, and {@code dante info}
 * prints it.
 *
 * <p>The register count matters as much as the width. HotSpot's C2 keeps a micro-tile's
 * accumulators in registers only while they, the loaded B vectors and the broadcasts of A it
 * schedules ahead all fit; one accumulator too many is spilled to the stack, and its
 * store-to-load round trip then sits on the loop's critical path. Measured on one core (AMD
 * EPYC, AVX-512; AVX2 code generated with {@code -XX:UseAVX=2}, KC 160, packed operands in L1):
 * with 16 registers 8×2 vectors ran at 63–69 GFLOP/s, 6×2 at 48, 5×2 at 41 and 4×3 at 49
 * (all spill), while 4×2 ran at 95–100 and 3×3 at 98–106, against a peak of about 106; with
 * 32 registers 8×2 ran at 213–227, 12×2 at 208, 16×2 at 153. Only the shapes {@link #SHAPES}
 * lists have a micro-kernel.
 *
 * @param mr rows of the micro-tile
 * @param vectors vectors per micro-tile row
 * @param lanes floats per vector
 * @param kc depth of a packed block
 * @param mc rows of a packed block of A (a multiple of mr)
 * @param nc columns of a packed block of B (a multiple of nr)
 * @param reason why this tile and these blocks, one line
 */
record GemmTile(int mr, int vectors, int lanes, int kc, int mc, int nc, String reason) {

    /** The micro-kernels that exist, as {mr, vectors}: 8×2 for 32 registers, 4×2 and 3×3 for 16. */
    static final int[][] SHAPES = {{8, 2}, {4, 2}, {3, 3}};

    GemmTile {
        if (!supported(mr, vectors)) throw new IllegalArgumentException("GEMM micro-tile: no micro-kernel for " + mr + "×" + vectors + " vectors");
        if (lanes < 1 || kc < 1 || mc < mr || mc % mr != 0 || nc < vectors * lanes || nc % (vectors * lanes) != 0) {
            throw new IllegalArgumentException("GEMM blocks: lanes " + lanes + ", KC " + kc + ", MC " + mc + ", NC " + nc + " do not fit a " + mr + "×" + vectors + " tile");
        }
    }

    /**
     * Columns of the micro-tile.
     *
     * @return vectors · lanes
     */
    int nr() { return vectors * lanes; }

    static boolean supported(int mr, int vectors) {
        for (int[] s : SHAPES) if (s[0] == mr && s[1] == vectors) return true;
        return false;
    }

    /**
     * The tile and blocks for a vector unit and an L1 data cache.
     *
     * <ul>
     *   <li>32 or more vector registers (AVX-512, NEON, SVE): 8 rows × 2 vectors, 16
     *       accumulators, the most work per loaded B vector that still leaves C2 room.</li>
     *   <li>fewer (AVX2 and SSE: 16): 4 rows × 2 vectors, 8 accumulators. The 3×3 kernel ran
     *       as fast alone but leaves a partial tile on every layer width that is not a
     *       multiple of 3 vectors (256 columns are 10⅔ tiles of 24), so it is only used when
     *       asked for ({@code dante.gemm.tile=3x3}).</li>
     * </ul>
     *
     * @param vectorBits width of a float vector in bits
     * @param registers vector registers the JIT may use
     * @param l1Bytes the level-1 data cache in bytes
     * @param registerSource where the register count came from, for the reason
     * @return the tile
     */
    static GemmTile choose(int vectorBits, int registers, long l1Bytes, String registerSource) {
        int lanes = Math.max(1, vectorBits / Float.SIZE);
        int mr, vectors;
        String why;
        if (registers >= 32) {
            mr = 8; vectors = 2;
            why = registers + " vector registers (" + registerSource + "): 16 accumulators + 2 B vectors + broadcasts fit";
        } else {
            mr = 4; vectors = 2;
            why = registers + " vector registers (" + registerSource + "): 8 accumulators + 2 B vectors leave room for broadcasts (8×2 spills)";
        }
        return withBlocks(mr, vectors, lanes, l1Bytes, why);
    }

    /** The blocks for a given tile: KC from L1, MC the multiple of mr nearest under 128, NC under 1024. */
    static GemmTile withBlocks(int mr, int vectors, int lanes, long l1Bytes, String why) {
        int nr = vectors * lanes;
        int kc = kcFor(l1Bytes, nr, mr);
        int mc = 128 / mr * mr, nc = Math.max(1, 1024 / nr) * nr;
        return new GemmTile(mr, vectors, lanes, kc, mc, nc, why + "; KC " + kc + " keeps a B strip and an A strip in 85 % of L1d " + l1Bytes / 1024 + " KB");
    }

    /**
     * The largest multiple of 32 with (nr + mr)·KC floats in 85 % of L1d, between 64 and 256.
     * Measured on a 32 KB L1 (8×32 tile): the micro-kernel runs at 118–131 GFLOP/s at KC 128–160
     * and at 62–70 at KC 256, where the two panels (40 KB) no longer fit.
     *
     * @param l1Bytes the L1 data cache in bytes
     * @param nr columns of the micro-tile
     * @param mr rows of the micro-tile
     * @return KC
     */
    static int kcFor(long l1Bytes, int nr, int mr) {
        long kc = (long) (0.85 * l1Bytes) / ((nr + mr) * (long) Float.BYTES) / 32 * 32;
        return (int) Math.max(64, Math.min(256, kc));
    }

    /**
     * This process's tile: the vector width in use, this CPU's register count and L1, unless
     * {@code dante.gemm.tile} ({@code 8x2}, {@code 4x2}, {@code 3x3}), {@code dante.vector.registers}
     * or {@code dante.gemm.kc} say otherwise.
     *
     * @param vectorBits the float vector width in use
     * @return the tile
     */
    static GemmTile forThisProcess(int vectorBits) {
        int lanes = Math.max(1, vectorBits / Float.SIZE);
        long l1 = l1DataBytes();
        GemmTile t;
        String forced = System.getProperty("dante.gemm.tile");
        if (forced != null && !forced.isBlank()) {
            String[] p = forced.trim().toLowerCase(Locale.ROOT).split("x");
            int mr = -1, v = -1;
            if (p.length == 2 && p[0].matches("[0-9]{1,2}") && p[1].matches("[0-9]")) {
                mr = Integer.parseInt(p[0]);
                v = Integer.parseInt(p[1]);
            }
            if (!supported(mr, v)) throw new IllegalArgumentException("system property dante.gemm.tile: expected 8x2, 4x2 or 3x3 (rows x vectors), found '" + forced + "'");
            t = withBlocks(mr, v, lanes, l1, "set by dante.gemm.tile");
        } else {
            Registers r = Registers.ofThisProcess(vectorBits);
            t = choose(vectorBits, r.count(), l1, r.source());
        }
        Integer kc = Integer.getInteger("dante.gemm.kc");
        if (kc != null) {
            if (kc < 1 || kc > 4096) throw new IllegalArgumentException("system property dante.gemm.kc: expected 1..4096, found " + kc);
            t = new GemmTile(t.mr, t.vectors, t.lanes, kc, t.mc, t.nc, t.reason + "; KC " + kc + " set by dante.gemm.kc");
        }
        return t;
    }

    /**
     * How many vector registers the JIT may use, and how we know.
     *
     * @param count the register count
     * @param source where it came from, for {@code dante info}
     */
    record Registers(int count, String source) {

        /**
         * The register count for an architecture, a vector width and what the CPU and HotSpot
         * say: x86 has 32 only with AVX-512 code (EVEX: HotSpot's UseAVX 3), 16 otherwise;
         * AArch64 (NEON, SVE), RISC-V V and POWER have 32 or more.
         *
         * @param arch {@code os.arch}
         * @param vectorBits the float vector width in use
         * @param cpuHasAvx512 whether the CPU lists avx512f and avx512vl (null: unknown)
         * @param hotspotUseAvx HotSpot's UseAVX (null: unknown)
         * @return the count and its source
         */
        static Registers of(String arch, int vectorBits, Boolean cpuHasAvx512, Integer hotspotUseAvx) {
            String a = arch.toLowerCase(Locale.ROOT);
            if (!(a.equals("amd64") || a.equals("x86_64") || a.equals("x86") || a.equals("i386"))) {
                return new Registers(32, a + ": 32 vector registers");
            }
            if (vectorBits >= 512) return new Registers(32, "AVX-512");
            if (Boolean.FALSE.equals(cpuHasAvx512)) return new Registers(16, vectorBits >= 256 ? "AVX2, no AVX-512" : "SSE, no AVX-512");
            if (hotspotUseAvx != null) {
                return hotspotUseAvx >= 3 ? new Registers(32, "AVX-512 at " + vectorBits + " bits (HotSpot UseAVX=" + hotspotUseAvx + ")")
                        : new Registers(16, "HotSpot UseAVX=" + hotspotUseAvx + " on an AVX-512 CPU");
            }
            return new Registers(16, "x86 at " + vectorBits + " bits, AVX-512 use unknown");
        }

        static Registers ofThisProcess(int vectorBits) {
            Integer forced = Integer.getInteger("dante.vector.registers");
            if (forced != null) {
                if (forced != 16 && forced != 32) throw new IllegalArgumentException("system property dante.vector.registers: expected 16 or 32, found " + forced);
                return new Registers(forced, "set by dante.vector.registers");
            }
            String arch = System.getProperty("os.arch", "");
            Boolean avx512 = cpuHasAvx512();
            Integer useAvx = null;
            if (vectorBits < 512 && !Boolean.FALSE.equals(avx512) && (arch.equals("amd64") || arch.equals("x86_64"))) useAvx = hotspotUseAvx();
            return of(arch, vectorBits, avx512, useAvx);
        }

        /** Whether /proc/cpuinfo lists avx512f and avx512vl; null when it cannot be read. */
        static Boolean cpuHasAvx512() {
            try (java.io.BufferedReader r = java.nio.file.Files.newBufferedReader(java.nio.file.Path.of("/proc/cpuinfo"))) {
                for (String line; (line = r.readLine()) != null; ) {
                    if (line.startsWith("flags")) {
                        String flags = " " + line.substring(line.indexOf(':') + 1).trim() + " ";
                        return flags.contains(" avx512f ") && flags.contains(" avx512vl ");
                    }
                }
            } catch (java.io.IOException | RuntimeException e) {
                // not Linux: unknown
            }
            return null;
        }

        /** HotSpot's UseAVX flag, or null on another VM or without the jdk.management module. */
        static Integer hotspotUseAvx() {
            try {
                var bean = java.lang.management.ManagementFactory.getPlatformMXBean(com.sun.management.HotSpotDiagnosticMXBean.class);
                return bean == null ? null : Integer.valueOf(bean.getVMOption("UseAVX").getValue());
            } catch (RuntimeException | LinkageError e) {
                return null;
            }
        }
    }

    /**
     * The level-1 data cache of CPU 0 in bytes, from Linux's sysfs; 32 KB when it cannot be read.
     *
     * @return the size in bytes
     */
    static long l1DataBytes() {
        try {
            java.nio.file.Path base = java.nio.file.Path.of("/sys/devices/system/cpu/cpu0/cache");
            for (int i = 0; i < 8; i++) {
                java.nio.file.Path d = base.resolve("index" + i);
                if (!java.nio.file.Files.isDirectory(d)) break;
                String level = java.nio.file.Files.readString(d.resolve("level")).trim(), type = java.nio.file.Files.readString(d.resolve("type")).trim();
                if (level.equals("1") && (type.equals("Data") || type.equals("Unified"))) {
                    String size = java.nio.file.Files.readString(d.resolve("size")).trim().toUpperCase(Locale.ROOT);
                    long mult = size.endsWith("K") ? 1024 : size.endsWith("M") ? 1024 * 1024 : 1;
                    return Long.parseLong(size.replaceAll("[^0-9]", "")) * mult;
                }
            }
        } catch (java.io.IOException | RuntimeException e) {
            // not Linux, or no sysfs: assume the common size
        }
        return 32 * 1024;
    }

    @Override
    public String toString() {
        return "GEMM micro-tile " + mr + "×" + nr() + " (" + reason + "), MC " + mc + ", NC " + nc;
    }
}

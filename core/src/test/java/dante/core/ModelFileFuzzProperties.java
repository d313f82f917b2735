package dante.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Random;

import dante.core.model.ModelFormatException;
import dante.core.model.SafeTensors;
import dante.core.nn.Activation;
import dante.core.nn.Init;
import dante.core.nn.Loss;
import dante.core.nn.Network;
import dante.core.train.StepRule;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Example;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The fuzzing campaign for model and step-rule state files (docs/RELIABILITY.md). Law: a
 * mutated file loads identically (header mutations; the payload has no checksum, so a payload
 * mutation may load other weights of the same architecture) or fails with
 * {@link ModelFormatException}, promptly; never another exception. CI runs {@code tries} of
 * each; {@code scripts/fuzz} runs many more ({@code -Djqwik.tries.default}).
 */
class ModelFileFuzzProperties {
    static final Path DIR;
    static final byte[] MODEL, STATE;
    static final float[] WEIGHTS;
    static int tried, refused, identical, otherWeights;

    static {
        try {
            DIR = Files.createTempDirectory("dante-fuzz");
            try (Network net = Network.builder(5).dense(4, Activation.leakyRelu()).dense(3, Activation.softmax(), false)
                    .loss(Loss.SOFTMAX_CROSS_ENTROPY).build().initialize(Init.TORCH, 1)) {
                SafeTensors.save(net, DIR.resolve("m.safetensors"), Map.of("method", "sgd"));
                WEIGHTS = net.parametersToArray();
                StepRule.Stepper s = new StepRule.Adam(0.01f).bind(net);
                SafeTensors.saveState(s.stateDict(), DIR.resolve("s.safetensors"));
                s.close();
            }
            MODEL = Files.readAllBytes(DIR.resolve("m.safetensors"));
            STATE = Files.readAllBytes(DIR.resolve("s.safetensors"));
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Applies 1–4 mutations drawn from {@code seed}: byte flips, overwrites with JSON punctuation, truncation, insertion, a new header length. */
    static byte[] mutate(byte[] original, long seed, boolean headerOnly) {
        Random r = new Random(seed);
        byte[] b = original.clone();
        long headerEnd = 8 + ByteBuffer.wrap(original).order(ByteOrder.LITTLE_ENDIAN).getLong();
        int limit = headerOnly ? (int) headerEnd : b.length;
        for (int k = 0, n = 1 + r.nextInt(4); k < n; k++) {
            switch (r.nextInt(6)) {
                case 0 -> { int i = r.nextInt(limit); b[i] ^= (byte) (1 << r.nextInt(8)); }
                case 1 -> { int i = r.nextInt(limit); b[i] = "{}[]\":,0123456789-e.nul ".getBytes()[r.nextInt(24)]; }
                case 2 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length + 1));
                case 3 -> {
                    int i = r.nextInt(Math.min(limit, b.length) + 1);
                    byte[] ins = new byte[1 + r.nextInt(16)];
                    r.nextBytes(ins);
                    byte[] c = new byte[b.length + ins.length];
                    System.arraycopy(b, 0, c, 0, i);
                    System.arraycopy(ins, 0, c, i, ins.length);
                    System.arraycopy(b, i, c, i + ins.length, b.length - i);
                    b = c;
                }
                case 4 -> { if (b.length >= 8) ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(0, r.nextBoolean() ? r.nextLong() : r.nextInt(b.length + 64)); }
                default -> { int i = 8 + r.nextInt(Math.max(1, (int) headerEnd - 8)); if (i < b.length) b[i] = (byte) ("{[".charAt(r.nextInt(2))); }
            }
            limit = Math.min(limit, b.length);
            if (limit == 0) break;
        }
        return b;
    }

    /** How many mutants each try loads: 1 in CI, more from {@code scripts/fuzz} ({@code -Ddante.fuzz.scale=N}). */
    static final int SCALE = Integer.getInteger("dante.fuzz.scale", 1);

    @Property(tries = 400)
    void aMutatedModelLoadsIdenticallyOrFailsWithOurOwnException(@ForAll long seed, @ForAll boolean headerOnly) throws Exception {
        for (int i = 0; i < SCALE; i++) model(seed + i * 0x9E3779B97F4A7C15L, headerOnly);
    }

    void model(long seed, boolean headerOnly) throws Exception {
        byte[] m = mutate(MODEL, seed, headerOnly);
        Path f = Files.write(DIR.resolve("mutant.safetensors"), m);
        long t0 = System.nanoTime();
        tried++;
        try (Network n = SafeTensors.load(f).network()) {
            float[] w = n.parametersToArray();
            if (java.util.Arrays.equals(w, WEIGHTS)) identical++;
            else {
                assertTrue(!headerOnly, "a header mutation loaded other weights: seed " + seed);
                assertEquals(WEIGHTS.length, w.length);
                for (float v : w) assertTrue(Float.isFinite(v), "non-finite weights are refused");
                otherWeights++;
            }
        } catch (ModelFormatException e) {
            refused++;
            assertTrue(e.getMessage().startsWith(f.toString()) || e.getMessage().contains(f.toString()), "the message names the file: " + e.getMessage());
        } catch (Throwable t) {
            fail("seed " + seed + ": a mutated model threw " + t, t);
        }
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L, "loading took over 5 s");
    }

    @Property(tries = 300)
    void aMutatedStepRuleStateLoadsOrFailsWithOurOwnException(@ForAll long seed, @ForAll boolean headerOnly) throws Exception {
        for (int i = 0; i < SCALE; i++) state(seed + i * 0x9E3779B97F4A7C15L, headerOnly);
    }

    void state(long seed, boolean headerOnly) throws Exception {
        Path f = Files.write(DIR.resolve("mutant-state.safetensors"), mutate(STATE, seed, headerOnly));
        tried++;
        try {
            StepRule.StateDict d = SafeTensors.loadState(f);
            for (float[] t : d.tensors().values()) assertTrue(t.length <= STATE.length / 4);
        } catch (ModelFormatException e) {
            refused++;
        } catch (Throwable t) {
            fail("seed " + seed + ": a mutated step-rule state threw " + t, t);
        }
    }

    @AfterContainer
    static void report() {
        System.out.printf("model-file fuzzing: %d mutants, %d refused, %d loaded identically, %d loaded other (finite) weights%n", tried, refused, identical, otherWeights);
    }

    @Example
    void theUnmutatedFilesLoad() {
        try (Network n = SafeTensors.load(DIR.resolve("m.safetensors")).network()) {
            assertArrayEquals(WEIGHTS, n.parametersToArray());
        }
        assertEquals(List.of("m", "v"), List.copyOf(SafeTensors.loadState(DIR.resolve("s.safetensors")).tensors().keySet()));
    }
}

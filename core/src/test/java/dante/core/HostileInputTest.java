package dante.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

import dante.core.data.Dataset;
import dante.core.model.Json;
import dante.core.model.ModelFormatException;
import dante.core.model.SafeTensors;
import dante.core.nn.Activation;
import dante.core.nn.Init;
import dante.core.nn.Loss;
import dante.core.nn.Network;
import dante.core.train.Schedule;
import dante.core.train.StepRule;
import dante.core.train.Trainer;
import dante.core.train.TrainingDivergedException;
import dante.kernels.FloatMatrix;
import dante.kernels.Kernels;
import dante.kernels.MatrixArena;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each defect issue 14 lists for core, reproduced: hostile files and arguments fail with our own exception and a message. */
class HostileInputTest {
    @TempDir Path dir;

    static Network small() {
        return Network.builder(3).dense(2, Activation.leakyRelu()).dense(2, Activation.softmax()).loss(Loss.SOFTMAX_CROSS_ENTROPY).build().initialize(Init.TORCH, 1);
    }

    /** A safetensors file with this header text and payload. */
    static Path file(Path p, String header, byte[] payload) throws Exception {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + payload.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(payload);
        return Files.write(p, b.array());
    }

    static final String META = "\"__metadata__\":{\"format\":\"dante-mlp\",\"format_version\":\"1\",\"sizes\":\"3,2\",\"activations\":\"identity\",\"bias\":\"false\",\"loss\":\"mse\"}";

    @Test
    void deeplyNestedJsonIsRefusedWithoutOverflowingTheStack() throws Exception {
        String deep = "[".repeat(200_000) + "]".repeat(200_000);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> Json.parse(deep, "x.json"));
        assertTrue(e.getMessage().contains("nested deeper than 64"), e.getMessage());
        Path f = file(dir.resolve("deep.safetensors"), "{\"a\":" + "[".repeat(200_000) + "]".repeat(200_000) + "}", new byte[0]);
        Exception m = assertThrows(RuntimeException.class, () -> SafeTensors.load(f));
        assertTrue(m instanceof IllegalArgumentException || m instanceof ModelFormatException, m.toString());
    }

    @Test
    void aModelWhoseSizesDoNotFitItsFileIsRefusedBeforeAnyAllocation() throws Exception {
        String huge = META.replace("\"3,2\"", "\"784,1000000,10\"").replace("\"identity\"", "\"identity,identity\"").replace("\"false\"", "\"false,false\"");
        Path f = file(dir.resolve("huge.safetensors"), "{" + huge + "}", new byte[100_000]);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SafeTensors.load(f));
        assertTrue(e.getMessage().contains("needs 3176000000 bytes of tensor data but the file holds 100000"), e.getMessage());
        String overflow = META.replace("\"3,2\"", "\"4000000000,4000000000,4000000000,4000000000\"");
        Path g = file(dir.resolve("overflow.safetensors"), "{" + overflow + "}", new byte[8]);
        assertTrue(assertThrows(ModelFormatException.class, () -> SafeTensors.load(g)).getMessage().contains("more parameters than a file can hold"));
    }

    @Test
    void overlappingRangesTrailingBytesAndNonFiniteWeightsAreRefused() throws Exception {
        String twoByOne = META.replace("\"3,2\"", "\"2,1\"");
        // two tensors would be needed for a bias; here one weight [1,2] of 8 bytes: a range of the right length but shifted
        Path shifted = file(dir.resolve("shifted.safetensors"),
                "{" + twoByOne + ",\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[4,12]}}", new byte[12]);
        assertTrue(assertThrows(ModelFormatException.class, () -> SafeTensors.load(shifted)).getMessage().contains("trailing bytes"));
        Path trailing = file(dir.resolve("trailing.safetensors"),
                "{" + twoByOne + ",\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]}}", new byte[9]);
        assertTrue(assertThrows(ModelFormatException.class, () -> SafeTensors.load(trailing)).getMessage().contains("trailing bytes"));
        String withBias = META.replace("\"3,2\"", "\"2,1\"").replace("\"false\"", "\"true\"");
        Path overlap = file(dir.resolve("overlap.safetensors"), "{" + withBias
                + ",\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]},\"layers.0.bias\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[12]);
        assertTrue(assertThrows(ModelFormatException.class, () -> SafeTensors.load(overlap)).getMessage().contains("overlap"));
        byte[] nan = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putFloat(1f).putFloat(Float.NaN).array();
        Path bad = file(dir.resolve("nan.safetensors"), "{" + twoByOne + ",\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[0,8]}}", nan);
        assertTrue(assertThrows(ModelFormatException.class, () -> SafeTensors.load(bad)).getMessage().contains("non-finite parameter (NaN) at index 1"));
        assertTrue(assertThrows(ModelFormatException.class, () -> SafeTensors.load(dir)).getMessage().contains("not a regular file"));
    }

    @Test
    void aStepRuleStateWithBadStepsOrLengthsNamesTheProblem() throws Exception {
        try (Network net = small()) {
            StepRule.Stepper s = new StepRule.Momentum(0.1f, 0.9f, false).bind(net);
            Path f = dir.resolve("opt.safetensors");
            SafeTensors.saveState(s.stateDict(), f);
            byte[] b = Files.readAllBytes(f);
            String text = new String(b, StandardCharsets.ISO_8859_1).replaceFirst("\"steps\":\"0,0\"", "\"steps\":\"a,b\"");
            Files.write(f, text.getBytes(StandardCharsets.ISO_8859_1));
            ModelFormatException e = assertThrows(ModelFormatException.class, () -> SafeTensors.loadState(f));
            assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("steps is not a list of integers"), e.getMessage());
            StepRule.StateDict wrong = new StepRule.StateDict(s.rule().describe(), Map.of("velocity", new float[100]), new long[2]);
            IllegalArgumentException w = assertThrows(IllegalArgumentException.class, () -> s.loadStateDict(wrong));
            assertTrue(w.getMessage().contains("holds 100 values but the network has " + net.parameterCount() + " parameters"), w.getMessage());
            s.close();
        }
    }

    @Test
    void modelFilesAreTheSameBytesWhateverTheMetadataOrder() throws Exception {
        try (Network net = small()) {
            Map<String, String> a = new LinkedHashMap<>(), b = new LinkedHashMap<>();
            a.put("method", "sgd"); a.put("learning_rate", "0.1"); a.put("z", "1");
            b.put("z", "1"); b.put("learning_rate", "0.1"); b.put("method", "sgd");
            SafeTensors.save(net, dir.resolve("a.safetensors"), a);
            SafeTensors.save(net, dir.resolve("b.safetensors"), b);
            assertArrayEquals(Files.readAllBytes(dir.resolve("a.safetensors")), Files.readAllBytes(dir.resolve("b.safetensors")));
        }
    }

    @Test
    void badArgumentsToTheLibraryAreRefusedWithAMessage() {
        try (Dataset d = TrainerTest.blobs(20, 1)) {
            assertTrue(assertThrows(IllegalArgumentException.class, () -> d.slice("s", 10, 5)).getMessage().contains("not a range"));
            assertThrows(IllegalArgumentException.class, () -> d.select("s", new int[] {25}));
        }
        assertTrue(assertThrows(IllegalArgumentException.class, () -> Network.builder(3).dense(2, null)).getMessage().contains("activation is missing"));
        IllegalArgumentException big = assertThrows(IllegalArgumentException.class, () -> Network.builder(784).dense(10_000_000, Activation.relu()).dense(10, Activation.softmax())
                .loss(Loss.SOFTMAX_CROSS_ENTROPY).build());
        assertTrue(big.getMessage().contains("a layer holds at most"), big.getMessage());
        Network n = small();
        n.close();
        assertDoesNotThrow(n::close, "closing twice is harmless");
    }

    @Test
    void aRunawayButFiniteLossIsADivergence() {
        try (Dataset train = TrainerTest.blobs(200, 1); Network net = Network.builder(6).dense(8, Activation.identity()).dense(3, Activation.identity())
                .loss(Loss.MSE).build().initialize(Init.GLOROT, 1)) {
            TrainingDivergedException e = assertThrows(TrainingDivergedException.class, () -> Trainer.builder(net, train).stepRule(new StepRule.Momentum(0.02f, 0.99f, false))
                    .schedule(Schedule.joint(2, 200)).evaluateEverySteps(1).seed(1).build().run());
            assertTrue(e.getMessage().contains("times its initial value"), e.getMessage());
            for (float v : net.parametersToArray()) assertTrue(Float.isFinite(v));
        }
    }

    @Test
    void aSubnormalGradientNormTakesNoNormalizedStep() {
        try (Network net = small(); MatrixArena a = new MatrixArena()) {
            StepRule.Stepper s = new StepRule.Normalized(0.5f).bind(net);
            FloatMatrix g = a.allocate(1, net.layer(0).parameterCount());
            g.set(0, 0, Float.MIN_VALUE);
            float[] before = net.parametersToArray();
            boolean stepped = s.step(Kernels.scalar(1), 0, g, Float.MIN_VALUE);
            assertEquals(false, stepped);
            assertArrayEquals(before, net.parametersToArray(), "no step along a subnormal gradient (1/‖G‖ overflows a float)");
            s.close();
        }
    }

    @Test
    void filesAreWrittenWithTheModeAnyNewFileGets() throws Exception {
        java.nio.file.FileStore store = Files.getFileStore(dir);
        org.junit.jupiter.api.Assumptions.assumeTrue(store.supportsFileAttributeView("posix"), "no POSIX permissions on this file system");
        Path plain = Files.createFile(dir.resolve("plain"));
        dante.core.model.AtomicFiles.write(dir.resolve("atomic"), new byte[] {1});
        assertEquals(Files.getPosixFilePermissions(plain), Files.getPosixFilePermissions(dir.resolve("atomic")), "the umask decides, as for any new file");
        try (var names = Files.list(dir)) {
            assertTrue(names.noneMatch(f -> f.getFileName().toString().endsWith(".tmp")));
        }
    }

    /** A step-rule state file longer than its bound (3 GB, sparse) is refused before it is read, not read whole into the heap. */
    @Test
    void aStepRuleStateLargerThanItsBoundIsRefusedBeforeReading() throws Exception {
        java.nio.file.Path f = java.nio.file.Files.createTempFile("state", ".safetensors");
        try {
            try (java.io.RandomAccessFile r = new java.io.RandomAccessFile(f.toFile(), "rw")) {
                r.setLength(3L << 30);
            }
            dante.core.model.ModelFormatException e = org.junit.jupiter.api.Assertions.assertThrows(dante.core.model.ModelFormatException.class,
                    () -> dante.core.model.SafeTensors.loadState(f, 1 << 20));
            org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("is at most 1048576"), e.getMessage());
        } finally {
            java.nio.file.Files.deleteIfExists(f);
        }
    }

    /** data_offsets near 2^63 whose difference wraps to the right length: refused naming the file (it read at a "Negative position"). */
    @Test
    void offsetsThatWrapPastTwoToTheSixtyThirdAreRefusedNamingTheFile() throws Exception {
        String twoByOne = META.replace("\"3,2\"", "\"2,1\"");
        long start = Long.MAX_VALUE - 3, end = start + 8;                  // wraps negative; end − start is 8
        Path f = file(dir.resolve("wrap.safetensors"),
                "{" + twoByOne + ",\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[1,2],\"data_offsets\":[" + start + "," + end + "]}}", new byte[8]);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SafeTensors.load(f));
        assertTrue(e.getMessage().startsWith(f.toString()) && e.getMessage().contains("data_offsets"), e.getMessage());
    }
}

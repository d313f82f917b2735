package dante.core;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;

import dante.core.model.ModelFormatException;
import dante.core.model.SafeTensors;
import dante.core.nn.Activation;
import dante.core.nn.Init;
import dante.core.nn.Loss;
import dante.core.nn.Network;
import dante.core.nn.Workspace;
import dante.kernels.FloatMatrix;
import dante.kernels.Kernels;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SafeTensorsTest {
    @TempDir Path dir;

    static Network net() {
        return Network.builder(7).dense(5, Activation.generalizedRelu(0.05f, 1.5f)).dense(4, Activation.tanh(), false)
                .dense(3, Activation.softmax()).loss(Loss.SOFTMAX_CROSS_ENTROPY).build().initialize(Init.TORCH, 3);
    }

    @Test
    void saveThenLoadGivesBitIdenticalPredictions() {
        Path f = dir.resolve("model.safetensors");
        try (Network a = net()) {
            SafeTensors.save(a, f, Map.of("method", "dante"));
            SafeTensors.Model m = SafeTensors.load(f);
            try (Network b = m.network()) {
                assertEquals(a.describe(), b.describe());
                assertEquals("dante", m.metadata().get("method"));
                assertArrayEquals(a.parametersToArray(), b.parametersToArray());
                float[] x = new float[9 * 7];
                Random r = new Random(1);
                for (int i = 0; i < x.length; i++) x[i] = (float) r.nextGaussian();
                FloatMatrix xm = FloatMatrix.wrap(x, 9, 7);
                try (Workspace wa = new Workspace(a, 9); Workspace wb = new Workspace(b, 9)) {
                    assertArrayEquals(wa.forward(Kernels.best(), xm, 0).toArray(), wb.forward(Kernels.best(), xm, 0).toArray());
                }
            }
        }
    }

    @Test
    void theFileIsValidSafetensors() throws IOException {
        Path f = dir.resolve("m.safetensors");
        try (Network a = net()) {
            SafeTensors.save(a, f, null);
            byte[] bytes = Files.readAllBytes(f);
            long n = ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
            assertEquals(0, n % 8, "header padded to 8 bytes");
            String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8);
            assertTrue(header.contains("\"layers.0.weight\":{\"dtype\":\"F32\",\"shape\":[5,7],\"data_offsets\":[0,140]}"), header);
            assertEquals(8 + n + a.parameterCount() * 4, bytes.length);
            float first = ByteBuffer.wrap(bytes, (int) (8 + n), 4).order(ByteOrder.LITTLE_ENDIAN).getFloat();
            assertEquals(a.layer(0).weight().get(0, 0), first);
        }
    }

    private Path corrupt(String name, java.util.function.UnaryOperator<String> header, int truncateBy) throws IOException {
        Path f = dir.resolve(name);
        try (Network a = net()) {
            SafeTensors.save(a, f, null);
        }
        byte[] bytes = Files.readAllBytes(f);
        int n = (int) ByteBuffer.wrap(bytes, 0, 8).order(ByteOrder.LITTLE_ENDIAN).getLong();
        String h = header.apply(new String(bytes, 8, n, StandardCharsets.UTF_8));
        byte[] hb = h.getBytes(StandardCharsets.UTF_8);
        ByteBuffer out = ByteBuffer.allocate(8 + hb.length + bytes.length - 8 - n).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(hb.length).put(hb).put(bytes, 8 + n, bytes.length - 8 - n);
        Files.write(f, Arrays.copyOf(out.array(), out.capacity() - truncateBy));
        return f;
    }

    @Test
    void anUnknownDtypeIsRejected() throws IOException {
        Path f = corrupt("dtype.safetensors", h -> h.replaceFirst("\"F32\"", "\"BF16\""), 0);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SafeTensors.load(f));
        assertTrue(e.getMessage().contains("dtype BF16") && e.getMessage().contains(f.toString()), e.getMessage());
    }

    @Test
    void aShapeThatDoesNotMatchIsRejected() throws IOException {
        Path f = corrupt("shape.safetensors", h -> h.replace("\"shape\":[5,7]", "\"shape\":[7,5]"), 0);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SafeTensors.load(f));
        assertTrue(e.getMessage().contains("shape [7, 5] but the architecture needs [5, 7]"), e.getMessage());
    }

    @Test
    void aTruncatedPayloadIsRejected() throws IOException {
        Path f = corrupt("short.safetensors", h -> h, 5);
        ModelFormatException e = assertThrows(ModelFormatException.class, () -> SafeTensors.load(f));
        assertTrue(e.getMessage().contains("truncated"), e.getMessage());
    }

    @Test
    void garbageAndMissingFilesAreRejected() throws IOException {
        Path tiny = dir.resolve("tiny");
        Files.write(tiny, new byte[] {1, 2, 3});
        assertTrue(assertThrows(ModelFormatException.class, () -> SafeTensors.load(tiny)).getMessage().contains("8-byte header length"));
        Path huge = dir.resolve("huge");
        Files.write(huge, ByteBuffer.allocate(16).order(ByteOrder.LITTLE_ENDIAN).putLong(1L << 40).array());
        assertTrue(assertThrows(ModelFormatException.class, () -> SafeTensors.load(huge)).getMessage().contains("does not fit"));
        Path json = corrupt("json.safetensors", h -> h.replace("{\"__metadata__\"", "[\"__metadata__\""), 0);
        assertTrue(assertThrows(ModelFormatException.class, () -> SafeTensors.load(json)).getMessage().contains("malformed JSON"), "malformed JSON is the module's own error");
        assertTrue(assertThrows(ModelFormatException.class, () -> SafeTensors.load(dir.resolve("nope"))).getMessage().contains("no such model file"));
    }
}

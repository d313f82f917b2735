package dante.core.model;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dante.core.nn.Activation;
import dante.core.nn.Layer;
import dante.kernels.FloatMatrix;
import dante.core.nn.Loss;
import dante.core.nn.Network;

/**
 * Model files in the safetensors format: an 8-byte little-endian header length, a JSON
 * header, then raw little-endian F32 data. Tensors are named as in PyTorch
 * ({@code layers.0.weight [out, in]}, {@code layers.0.bias [out]}); {@code __metadata__}
 * holds the architecture. Writes are atomic; reads check every header field against the
 * file and reject what does not fit with a message naming the file.
 */
public final class SafeTensors {
    private SafeTensors() {}

    /** The {@code format} entry of the metadata this writer sets and the reader requires. */
    public static final String FORMAT = "dante-mlp";
    /** The {@code format_version} entry of the metadata this writer sets and the reader requires. */
    public static final String FORMAT_VERSION = "1";
    private static final long MAX_HEADER = 100L << 20;

    /**
     * A loaded model: the network and the header's metadata.
     *
     * @param network the network, with its weights
     * @param metadata the header's {@code __metadata__} strings (method, learning rate, input encoding, …)
     */
    public record Model(Network network, Map<String, String> metadata) {}

    /**
     * Writes {@code net} to {@code file} atomically; {@code extra} goes into {@code __metadata__}.
     *
     * @param net the network
     * @param file the file
     * @param extra more metadata (e.g. the input encoding), or null; it does not replace the architecture's keys
     * @throws java.io.UncheckedIOException naming the file when it cannot be written
     */
    public static void save(Network net, Path file, Map<String, String> extra) {
        Map<String, Object> header = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", FORMAT);
        meta.put("format_version", FORMAT_VERSION);
        meta.put("sizes", net.sizes());
        meta.put("activations", net.activationSpecs());
        StringBuilder bias = new StringBuilder();
        for (Layer l : net.layers()) bias.append(bias.isEmpty() ? "" : ",").append(l.hasBias());
        meta.put("bias", bias.toString());
        meta.put("loss", net.loss().spec());
        if (extra != null) {
            for (Map.Entry<String, String> e : new java.util.TreeMap<>(extra).entrySet()) meta.putIfAbsent(e.getKey(), e.getValue());   // sorted: the same bytes on every JVM
        }
        header.put("__metadata__", meta);
        for (Layer l : net.layers()) {
            long start = l.offset() * Float.BYTES;
            long w = (long) l.outputs() * l.inputs() * Float.BYTES;
            header.put("layers." + l.index() + ".weight", tensor(List.of((long) l.outputs(), (long) l.inputs()), start, start + w));
            if (l.hasBias()) header.put("layers." + l.index() + ".bias", tensor(List.of((long) l.outputs()), start + w, start + w + (long) l.outputs() * Float.BYTES));
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer head = ByteBuffer.allocate(8 + padded).order(ByteOrder.LITTLE_ENDIAN);
        head.putLong(padded).put(json);
        while (head.hasRemaining()) head.put((byte) ' ');
        head.flip();
        MemorySegment data = net.slab().asSlice(0, net.parameterCount() * Float.BYTES);
        AtomicFiles.write(file, ch -> {
            while (head.hasRemaining()) ch.write(head);
            ByteBuffer body = littleEndianCopy(data);
            while (body.hasRemaining()) ch.write(body);
        });
    }

    private static Map<String, Object> tensor(List<Long> shape, long from, long to) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("dtype", "F32");
        t.put("shape", shape);
        t.put("data_offsets", List.of(from, to));
        return t;
    }

    private static ByteBuffer littleEndianCopy(MemorySegment data) {
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) return data.asByteBuffer();
        ByteBuffer b = ByteBuffer.allocate((int) data.byteSize()).order(ByteOrder.LITTLE_ENDIAN);
        b.asFloatBuffer().put(data.asByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer());
        return b;
    }

    /**
     * Writes a step rule's state (its per-parameter tensors and step counters), atomically.
     *
     * @param state the state
     * @param file the file
     * @throws java.io.UncheckedIOException naming the file when it cannot be written
     */
    public static void saveState(dante.core.train.StepRule.StateDict state, Path file) {
        Map<String, Object> header = new LinkedHashMap<>();
        Map<String, String> meta = new LinkedHashMap<>();
        meta.put("format", "dante-step-rule-state");
        meta.put("format_version", FORMAT_VERSION);
        meta.put("rule", state.rule());
        StringBuilder steps = new StringBuilder();
        for (long t : state.steps()) steps.append(steps.isEmpty() ? "" : ",").append(t);
        meta.put("steps", steps.toString());
        header.put("__metadata__", meta);
        long off = 0;
        for (Map.Entry<String, float[]> e : state.tensors().entrySet()) {
            long bytes = (long) e.getValue().length * Float.BYTES;
            header.put(e.getKey(), tensor(List.of((long) e.getValue().length), off, off + bytes));
            off += bytes;
        }
        byte[] json = Json.write(header).getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        ByteBuffer out = ByteBuffer.allocate(Math.toIntExact(8 + padded + off)).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(padded).put(json);
        while (out.position() < 8 + padded) out.put((byte) ' ');
        for (float[] t : state.tensors().values()) for (float v : t) out.putFloat(v);
        AtomicFiles.write(file, out.array());
    }

    /**
     * Reads what {@link #saveState} wrote.
     *
     * @param file the file
     * @return the state
     * @throws ModelFormatException naming the file and what is wrong
     */
    public static dante.core.train.StepRule.StateDict loadState(Path file) {
        return loadState(file, Runtime.getRuntime().maxMemory() / 2);
    }

    /**
     * Reads a step rule's state written by {@link #saveState}, refusing a file longer than {@code maxBytes} before
     * reading it (a caller that knows the network bounds the state by its parameter count).
     *
     * @param file the file
     * @param maxBytes the largest file accepted
     * @return the state
     * @throws ModelFormatException naming the file and what is wrong
     */
    public static dante.core.train.StepRule.StateDict loadState(Path file, long maxBytes) {
        requireRegularFile(file, "step-rule state");
        try {
            long size = java.nio.file.Files.size(file);
            if (size > maxBytes) throw bad(file, "the file is " + size + " bytes; a step-rule state for this network is at most " + maxBytes);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(file + ": no such step-rule state file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        byte[] bytes;
        try {
            bytes = java.nio.file.Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(file + ": no such step-rule state file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
        if (bytes.length < 8) throw bad(file, "the file is " + bytes.length + " bytes; a safetensors file starts with an 8-byte header length");
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        if (n <= 1 || n > bytes.length - 8) throw bad(file, "header length " + n + " does not fit a file of " + bytes.length + " bytes");
        Object parsed = header(file, new String(bytes, 8, (int) n, StandardCharsets.UTF_8));
        if (!(parsed instanceof Map<?, ?> header) || !(header.get("__metadata__") instanceof Map<?, ?> meta)
                || !"dante-step-rule-state".equals(meta.get("format"))) {
            throw bad(file, "not a dante step-rule state file");
        }
        String stepsText = String.valueOf(meta.get("steps"));
        long[] steps;
        try {
            steps = stepsText.isEmpty() ? new long[0] : java.util.Arrays.stream(stepsText.split(",")).mapToLong(t -> Long.parseLong(t.trim())).toArray();
        } catch (NumberFormatException e) {
            throw bad(file, "__metadata__.steps is not a list of integers: " + stepsText);
        }
        for (long t : steps) if (t < 0) throw bad(file, "__metadata__.steps holds a negative step count: " + stepsText);
        Map<String, float[]> tensors = new LinkedHashMap<>();
        long payload = bytes.length - 8 - n;
        for (Map.Entry<?, ?> e : header.entrySet()) {
            if (e.getKey().equals("__metadata__")) continue;
            if (!(e.getValue() instanceof Map<?, ?> t) || !"F32".equals(t.get("dtype"))) throw bad(file, "tensor \"" + e.getKey() + "\" is not F32");
            List<Long> off = longs(file, String.valueOf(e.getKey()), "data_offsets", t.get("data_offsets"));
            if (off.size() != 2 || off.get(0) < 0 || off.get(1) < off.get(0) || off.get(1) > payload || (off.get(1) - off.get(0)) % 4 != 0) {
                throw bad(file, "truncated or bad data_offsets " + off + " for tensor \"" + e.getKey() + "\"");
            }
            float[] v = new float[(int) ((off.get(1) - off.get(0)) / 4)];
            ByteBuffer d = ByteBuffer.wrap(bytes, (int) (8 + n + off.get(0)), v.length * 4).order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < v.length; i++) v[i] = d.getFloat();
            tensors.put(String.valueOf(e.getKey()), v);
        }
        return new dante.core.train.StepRule.StateDict(String.valueOf(meta.get("rule")), tensors, steps);
    }

    /**
     * Reads a model written by {@link #save}.
     *
     * @param file the file
     * @return the network and the metadata
     * @throws ModelFormatException naming the file and what is wrong
     */
    public static Model load(Path file) {
        requireRegularFile(file, "model");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            if (size < 8) throw bad(file, "the file is " + size + " bytes; a safetensors file starts with an 8-byte header length");
            ByteBuffer len = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, len, 0);
            long n = len.flip().getLong();
            if (n <= 1 || n > MAX_HEADER || n > size - 8) {
                throw bad(file, "header length " + n + " does not fit a file of " + size + " bytes");
            }
            ByteBuffer hb = ByteBuffer.allocate((int) n);
            readFully(ch, hb, 8);
            Object parsed = header(file, new String(hb.array(), StandardCharsets.UTF_8));
            if (!(parsed instanceof Map<?, ?> header)) throw bad(file, "the header is not a JSON object");
            Map<String, String> meta = metadata(file, header);
            long payload = size - 8 - n;
            long need = dataBytes(file, meta);                        // checked against the file before anything is allocated
            if (need != payload) {
                throw bad(file, "the architecture " + meta.get("sizes") + " needs " + need + " bytes of tensor data but the file holds " + payload
                        + (payload > need ? " (trailing bytes)" : " (truncated)"));
            }
            Network net = build(file, meta);
            try {
                List<long[]> ranges = new ArrayList<>();
                Map<String, Boolean> expected = new LinkedHashMap<>();
                for (Layer l : net.layers()) {
                    ranges.add(read(file, ch, header, "layers." + l.index() + ".weight", new long[] {l.outputs(), l.inputs()},
                            net.slab(), l.offset() * Float.BYTES, 8 + n, payload));
                    expected.put("layers." + l.index() + ".weight", true);
                    if (l.hasBias()) {
                        ranges.add(read(file, ch, header, "layers." + l.index() + ".bias", new long[] {l.outputs()},
                                net.slab(), (l.offset() + (long) l.outputs() * l.inputs()) * Float.BYTES, 8 + n, payload));
                        expected.put("layers." + l.index() + ".bias", true);
                    }
                }
                for (Object key : header.keySet()) {
                    if (!key.equals("__metadata__") && !expected.containsKey(key)) {
                        throw bad(file, "unexpected tensor \"" + key + "\" for a " + net.sizes() + " network");
                    }
                }
                requireTiling(file, ranges, payload);
                requireFinite(file, net);
            } catch (RuntimeException | IOException e) {
                net.close();                                 // no native memory left behind on any error
                throw e;
            }
            return new Model(net, meta);
        } catch (NoSuchFileException e) {
            throw new ModelFormatException(file + ": no such model file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read model " + file + ": " + e.getMessage(), e);
        }
    }

    private static Map<String, String> metadata(Path file, Map<?, ?> header) {
        if (!(header.get("__metadata__") instanceof Map<?, ?> m)) {
            throw bad(file, "no __metadata__ object: Dante needs the architecture stored there");
        }
        Map<String, String> meta = new LinkedHashMap<>();
        for (Map.Entry<?, ?> e : m.entrySet()) {
            if (!(e.getValue() instanceof String v)) throw bad(file, "__metadata__." + e.getKey() + " must be a string");
            meta.put(String.valueOf(e.getKey()), v);
        }
        if (!FORMAT.equals(meta.get("format"))) throw bad(file, "__metadata__.format is " + meta.get("format") + ", expected " + FORMAT);
        if (!FORMAT_VERSION.equals(meta.get("format_version"))) {
            throw bad(file, "format_version " + meta.get("format_version") + " is not supported (this Dante reads " + FORMAT_VERSION + ")");
        }
        for (String k : new String[] {"sizes", "activations", "bias", "loss"}) {
            if (!meta.containsKey(k)) throw bad(file, "__metadata__ lacks \"" + k + "\"");
        }
        return meta;
    }

    private static Network build(Path file, Map<String, String> meta) {
        try {
            String[] sizes = meta.get("sizes").split(","), acts = meta.get("activations").split(","), bias = meta.get("bias").split(",");
            if (acts.length != sizes.length - 1 || bias.length != sizes.length - 1) {
                throw bad(file, "__metadata__ describes " + (sizes.length - 1) + " layers but gives " + acts.length + " activations and " + bias.length + " bias flags");
            }
            Network.Builder b = Network.builder(Integer.parseInt(sizes[0].trim()));
            for (int l = 0; l < acts.length; l++) {
                b.dense(Integer.parseInt(sizes[l + 1].trim()), Activation.parse(acts[l]), Boolean.parseBoolean(bias[l].trim()));
            }
            return b.loss(Loss.parse(meta.get("loss"))).build();
        } catch (ModelFormatException e) {
            throw e;
        } catch (IllegalArgumentException e) {
            throw bad(file, "the architecture in __metadata__ is invalid: " + e.getMessage());
        }
    }

    /** Bytes of F32 data the architecture in {@code meta} needs, computed without allocating (overflow is an error). */
    private static long dataBytes(Path file, Map<String, String> meta) {
        try {
            String[] sizes = meta.get("sizes").split(","), bias = meta.get("bias").split(",");
            long total = 0;
            for (int l = 1; l < sizes.length; l++) {
                long in = Long.parseLong(sizes[l - 1].trim()), out = Long.parseLong(sizes[l].trim());
                if (in < 1 || out < 1) throw bad(file, "__metadata__.sizes holds a layer size below 1: " + meta.get("sizes"));
                boolean b = l - 1 < bias.length && Boolean.parseBoolean(bias[l - 1].trim());
                total = Math.addExact(total, Math.multiplyExact(Math.addExact(Math.multiplyExact(in, out), b ? out : 0), (long) Float.BYTES));
            }
            return total;
        } catch (NumberFormatException e) {
            throw bad(file, "__metadata__.sizes is not a list of integers: " + meta.get("sizes"));
        } catch (ArithmeticException e) {
            throw bad(file, "__metadata__.sizes " + meta.get("sizes") + " describes more parameters than a file can hold");
        }
    }

    /** The tensors' data ranges must cover the data exactly once: no overlap, no gap. */
    private static void requireTiling(Path file, List<long[]> ranges, long payload) {
        ranges.sort(java.util.Comparator.comparingLong(r -> r[0]));
        long at = 0;
        for (long[] r : ranges) {
            if (r[0] != at) throw bad(file, r[0] < at ? "tensor data ranges overlap at byte " + r[0] : "no tensor covers bytes " + at + ".." + r[0] + " of the data");
            at = r[1];
        }
        if (at != payload) throw bad(file, "the tensors cover " + at + " of the " + payload + " bytes of data");
    }

    private static void requireFinite(Path file, Network net) {
        for (Layer l : net.layers()) {
            FloatMatrix p = l.parameters();
            for (int j = 0; j < p.cols(); j++) {
                float v = p.get(0, j);
                if (!Float.isFinite(v)) throw bad(file, "layer " + l.index() + " holds a non-finite parameter (" + v + ") at index " + j);
            }
        }
    }

    private static Object header(Path file, String text) {
        try {
            return Json.parse(text.stripTrailing(), file.toString());
        } catch (IllegalArgumentException e) {
            throw new ModelFormatException(e.getMessage());
        }
    }

    private static void requireRegularFile(Path file, String what) {
        if (!java.nio.file.Files.exists(file)) throw new ModelFormatException(file + ": no such " + what + " file");
        if (!java.nio.file.Files.isRegularFile(file)) throw new ModelFormatException(file + ": not a regular file (a directory, device or pipe cannot hold a " + what + ")");
    }

    private static long[] read(Path file, FileChannel ch, Map<?, ?> header, String name, long[] shape,
                             MemorySegment slab, long slabByte, long dataStart, long payload) throws IOException {
        if (!(header.get(name) instanceof Map<?, ?> t)) throw bad(file, "tensor \"" + name + "\" is missing");
        Object dtype = t.get("dtype");
        if (!"F32".equals(dtype)) throw bad(file, "tensor \"" + name + "\" has dtype " + dtype + "; Dante reads F32 only");
        List<Long> found = longs(file, name, "shape", t.get("shape"));
        List<Long> want = new ArrayList<>();
        for (long s : shape) want.add(s);
        if (!found.equals(want)) throw bad(file, "tensor \"" + name + "\" has shape " + found + " but the architecture needs " + want);
        List<Long> off = longs(file, name, "data_offsets", t.get("data_offsets"));
        long bytes = Float.BYTES;
        for (long s : shape) bytes *= s;
        // both ends checked before they are subtracted or added: offsets near 2^63 wrapped to a "Negative position"
        if (off.size() != 2 || off.get(0) < 0 || off.get(1) < off.get(0) || off.get(1) - off.get(0) != bytes) {
            throw bad(file, "tensor \"" + name + "\" has data_offsets " + off + "; expected a range of " + bytes + " bytes");
        }
        if (off.get(1) > payload) {
            throw bad(file, "truncated: tensor \"" + name + "\" ends at byte " + off.get(1) + " of the data but the file holds " + payload + " bytes of data");
        }
        ByteBuffer dst = slab.asSlice(slabByte, bytes).asByteBuffer();
        if (ByteOrder.nativeOrder() == ByteOrder.LITTLE_ENDIAN) {
            readFully(ch, dst, dataStart + off.get(0));
        } else {
            ByteBuffer tmp = ByteBuffer.allocate((int) bytes);
            readFully(ch, tmp, dataStart + off.get(0));
            tmp.flip();
            dst.order(ByteOrder.nativeOrder()).asFloatBuffer().put(tmp.order(ByteOrder.LITTLE_ENDIAN).asFloatBuffer());
        }
        return new long[] {off.get(0), off.get(1)};
    }

    private static List<Long> longs(Path file, String tensor, String field, Object v) {
        if (!(v instanceof List<?> l)) throw bad(file, "tensor \"" + tensor + "\": " + field + " is not an array");
        List<Long> out = new ArrayList<>();
        for (Object o : l) {
            if (!(o instanceof Long x)) throw bad(file, "tensor \"" + tensor + "\": " + field + " holds " + o + ", not an integer");
            out.add(x);
        }
        return out;
    }

    private static void readFully(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            int r = ch.read(b, pos);
            if (r < 0) throw new ModelFormatException("unexpected end of file");
            pos += r;
        }
    }

    private static ModelFormatException bad(Path file, String what) {
        return new ModelFormatException(file + ": " + what);
    }
}

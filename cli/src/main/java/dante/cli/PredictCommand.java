package dante.cli;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;

import dante.core.model.AtomicFiles;
import dante.core.model.SafeTensors;
import dante.core.nn.Activation;
import dante.core.nn.Network;
import dante.core.nn.Workspace;
import dante.datasets.DataFormatException;
import dante.datasets.DelimitedText;
import dante.datasets.Preprocessing;
import dante.kernels.FloatMatrix;
import dante.kernels.Kernels;
import dante.kernels.MatrixArena;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * Predictions of a saved model for every row of a file, in the file's order. A model trained
 * on data given by path, on one of the paper's small sets or on the MNIST family carries how
 * its rows were encoded ({@link InputEncoding}); a text
 * file is then read the same way (columns by header name, or by position; the target column
 * may be missing; categorical levels as in training, an unseen level encodes as all zeros;
 * the training part's scaling) and streamed through the network in blocks of rows, so a file
 * larger than memory works.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "A saved model's predictions for each row of a file: the class and its probabilities (or scores), or the outputs.")
final class PredictCommand implements Callable<Integer> {
    private static final int BLOCK = 1024;

    @Spec CommandSpec spec;

    @Option(names = "--model", required = true, description = "A run directory (its model.safetensors) or a model file written by dante train.")
    Path model;

    @Option(names = "--data", required = true, description = "The rows to predict, in the form the model was trained on: csv:FILE, tsv:FILE, txt:FILE, libsvm:FILE, or idx:DIR (its t10k images).")
    String data;

    @Option(names = "--out", defaultValue = "-", description = "Where to write the predictions as CSV; - for standard output. Default: ${DEFAULT-VALUE}.")
    String out;

    @Option(names = "--threads", description = "Threads for the kernels (default: all processors).")
    Integer threads;

    @Override
    public Integer call() throws IOException {
        Path file = Files.isDirectory(model) ? model.resolve("model.safetensors") : model;
        if (!Files.isRegularFile(file)) throw new IllegalArgumentException("--model " + model + ": no model file (expected a run directory or a .safetensors file)");
        SafeTensors.Model m = SafeTensors.load(file);
        String json = m.metadata().get(InputEncoding.KEY);
        try (Network net = m.network()) {
            if (json == null) {
                throw new IllegalArgumentException("--model " + file + " carries no input encoding (a model trained on cifar-10, svhn, tiny-imagenet or teacher, "
                        + "an autoencoder, or a model written by an older Dante); dante eval reports its accuracy, predict takes models trained on data given by path, "
                        + "on the paper's small sets (their files' format) or on fashion-mnist, mnist or kmnist (as idx:DIR)");
            }
            InputEncoding enc = InputEncoding.parse(json, file.toString());
            if (!FileData.isSpec(data)) throw new IllegalArgumentException("--data: expected " + FileData.KINDS + ", found '" + data + "'");
            String kind = data.substring(0, data.indexOf(':')).toLowerCase(Locale.ROOT);
            Path path = Path.of(data.substring(data.indexOf(':') + 1));
            boolean text = kind.equals("csv") || kind.equals("tsv") || kind.equals("txt");
            if (!(text ? "text" : kind).equals(enc.format())) {
                throw new IllegalArgumentException("--data " + data + ": the model was trained on " + enc.format() + " data");
            }
            if (!out.equals("-")) OutputPaths.checkFile("--out", Path.of(out), List.of(file, path));
            Kernels k = threads == null ? Kernels.best() : DataOptions.createKernels(threads);
            try {
                if (out.equals("-")) {
                    PrintWriter pw = spec.commandLine().getOut();
                    predict(net, enc, k, pw, path);
                    pw.flush();
                } else {
                    AtomicFiles.write(Path.of(out), ch -> {
                        Writer w = new BufferedWriter(java.nio.channels.Channels.newWriter(ch, StandardCharsets.UTF_8), 1 << 16);
                        predict(net, enc, k, w, path);
                        w.flush();                                   // not closed: AtomicFiles forces and closes the channel
                    });
                }
            } finally {
                if (threads != null) k.close();
            }
            if (!out.equals("-")) spec.commandLine().getErr().println("wrote " + out);
            return 0;
        }
    }

    private static void predict(Network net, InputEncoding enc, Kernels k, Writer w, Path path) throws IOException {
        try (Predictor p = new Predictor(net, enc, k, w)) {
            switch (enc.format()) {
                case "text" -> streamText(path, enc, p);
                case "libsvm" -> {
                    DelimitedText.Table t = dante.datasets.LibSvm.read(enc.featureCount(), path);
                    for (int i = 0; i < t.rows(); i++) p.add(java.util.Arrays.copyOfRange(t.x(), i * t.cols(), (i + 1) * t.cols()));
                }
                default -> {                                   // idx: the directory's t10k images (no labels needed)
                    try (MatrixArena images = new MatrixArena()) {
                        FloatMatrix x = dante.datasets.Idx.readFloats(t10kImages(path), images, 255f).values();
                        for (int i = 0; i < x.rows(); i++) p.add(x.row(i).toArray());
                    }
                }
            }
        }
    }

    private static Path t10kImages(Path dir) {
        for (String name : new String[] {"t10k-images-idx3-ubyte.gz", "t10k-images-idx3-ubyte"}) {
            if (Files.isRegularFile(dir.resolve(name))) return dir.resolve(name);
        }
        throw new DataFormatException(dir + ": missing t10k-images-idx3-ubyte (or .gz)");
    }
    /** Reads a text file row by row, encoding each as in training. */
    private static void streamText(Path file, InputEncoding enc, Predictor p) throws IOException {
        InputEncoding.Features features = enc.resolveFeatures();
        try (BufferedReader r = DelimitedText.reader(file)) {
            int[] at = null;                             // for each training column, its position in this file (-1: absent)
            String line;
            int lineNo = 0;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) continue;
                String[] f = DelimitedText.splitFields(line, enc.delimiter());      // the reader drops a byte order mark
                if (at == null) {
                    at = columnPositions(enc, features, f, file + ": line " + lineNo);
                    if (enc.header()) continue;
                }
                p.add(encode(enc, features, at, f, file, lineNo));
            }
        }
    }

    /** Where each training column sits in this file: by header name, or by position with or without the target column. */
    private static int[] columnPositions(InputEncoding enc, InputEncoding.Features features, String[] first, String where) {
        int[] at = new int[enc.columns().size()];
        if (enc.header()) {
            String[] names = new String[first.length];
            for (int i = 0; i < first.length; i++) names[i] = DelimitedText.columnName(first[i]);
            DelimitedText.checkHeader(names, where);                  // a repeated name would be read twice as its first column
            java.util.Map<String, Integer> position = new java.util.HashMap<>(names.length * 2);
            for (int i = 0; i < names.length; i++) position.put(names[i], i);
            List<String> needed = new ArrayList<>();
            for (int c = 0; c < at.length; c++) {
                at[c] = position.getOrDefault(DelimitedText.columnName(enc.columns().get(c)), -1);
                if (features.uses(c) && needed.size() < 20) needed.add(enc.columns().get(c));
            }
            for (int c = 0; c < at.length; c++) {
                if (at[c] < 0 && features.uses(c)) {
                    throw new DataFormatException(where + ": no column '" + enc.columns().get(c) + "' in the header (the model needs " + String.join(", ", needed) + (needed.size() == 20 ? ", …" : "") + ")");
                }
            }
            return at;
        }
        int target = enc.columns().indexOf(enc.target());
        boolean withTarget = first.length == at.length;
        if (!withTarget && first.length != at.length - 1) {
            throw new DataFormatException(where + ": expected " + at.length + " fields (or " + (at.length - 1) + " without the target), found " + first.length);
        }
        for (int c = 0, pos = 0; c < at.length; c++) at[c] = !withTarget && c == target ? -1 : pos++;
        return at;
    }

    /** One row's features: numbers by column, one-hot levels as 1 or 0. */
    static float[] encode(InputEncoding enc, InputEncoding.Features features, int[] at, String[] fields, Path file, int lineNo) {
        float[] x = new float[features.column().length];
        for (int j = 0; j < x.length; j++) {
            int c = features.column()[j], pos = at[c];
            if (pos < 0 || pos >= fields.length) {
                throw new DataFormatException(file + ": line " + lineNo + ": expected column " + enc.columns().get(c) + ", found " + fields.length + " fields");
            }
            String v = fields[pos].trim(), level = features.level()[j];
            if (level != null) {
                x[j] = v.equals(level) ? 1f : 0f;
                continue;
            }
            try {
                x[j] = Float.parseFloat(v);
            } catch (NumberFormatException e) {
                x[j] = Float.NaN;
            }
            if (!Float.isFinite(x[j])) {
                throw new DataFormatException(file + ": line " + lineNo + ", column " + enc.columns().get(c) + ": expected a finite number, found '" + v + "'");
            }
        }
        return x;
    }

    /** Collects rows into blocks, scales them, runs the network and writes one CSV line per row. */
    static final class Predictor implements AutoCloseable {
        final Network net;
        final InputEncoding enc;
        final Kernels k;
        final Writer w;
        final Preprocessing scaling;
        final MatrixArena arena = new MatrixArena();
        final Workspace ws;
        final FloatMatrix block;
        final boolean classes, probabilities;
        final int[] argmax = new int[BLOCK];
        int filled;
        long row;

        Predictor(Network net, InputEncoding enc, Kernels k, Writer w) throws IOException {
            this.net = net;
            this.enc = enc;
            this.k = k;
            this.w = w;
            int width = enc.features() != null ? enc.features().size() : enc.featureCount();
            if (width != net.inputs()) throw new IllegalArgumentException("the model takes " + net.inputs() + " inputs but its input encoding gives " + width);
            this.scaling = enc.shift() == null ? null : Preprocessing.of(enc.shift(), enc.scale());
            this.ws = new Workspace(net, BLOCK);
            this.block = arena.allocate(BLOCK, net.inputs());
            this.classes = enc.classes() != null;
            if (classes && enc.classes().size() != Math.max(2, net.outputs())) {
                throw new IllegalArgumentException("the model has " + net.outputs() + " outputs but its input encoding names " + enc.classes().size() + " classes");
            }
            Activation out = net.layer(net.depth() - 1).activation();
            this.probabilities = out instanceof Activation.Softmax || out instanceof Activation.Sigmoid;
            StringBuilder head = new StringBuilder("row");
            if (classes) {
                head.append(",predicted");
                if (net.outputs() == 1) head.append(probabilities ? ",p" : ",score");
                else for (String c : enc.classes()) head.append(probabilities ? ",p_" : ",score_").append(csv(c));
            } else {
                for (int j = 0; j < net.outputs(); j++) head.append(",").append(net.outputs() == 1 && enc.target() != null ? csv(enc.target()) : "output_" + j);
            }
            w.write(head.append('\n').toString());
        }

        void add(float[] x) {
            if (x.length != net.inputs()) throw new DataFormatException("row " + (row + filled + 1) + ": " + x.length + " features, the model takes " + net.inputs());
            if (scaling != null) scaling.applyRow(x);
            for (int j = 0; j < x.length; j++) block.set(filled, j, x[j]);
            if (++filled == BLOCK) flush();
        }

        void flush() {
            if (filled == 0) return;
            FloatMatrix y = ws.forward(k, block.rowRange(0, filled), 0);
            if (classes && y.cols() > 1) k.argmaxRows(y, argmax);
            StringBuilder sb = new StringBuilder();
            for (int i = 0; i < filled; i++) {
                sb.append(++row);
                if (classes) {
                    int c = y.cols() == 1 ? (y.get(i, 0) > 0.5f ? 1 : 0) : argmax[i];
                    sb.append(',').append(csv(enc.classes().get(c)));
                }
                for (int j = 0; j < y.cols(); j++) sb.append(',').append(enc.targetScaling() == null ? y.get(i, j) : (float) enc.targetScaling().invert(y.get(i, j)));
                sb.append('\n');
            }
            try {
                w.write(sb.toString());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            filled = 0;
        }

        private static String csv(String s) {
            return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
        }

        @Override
        public void close() throws IOException {
            try {
                flush();
            } finally {
                ws.close();
                arena.close();
            }
        }
    }
}

package dante.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

import dante.core.data.Dataset;
import dante.datasets.BuiltIn;
import dante.datasets.DelimitedText;
import dante.kernels.Kernels;
import picocli.CommandLine.Option;

/** Options that choose the data and the kernels: every command that reads a data set (train, compare, eval). */
class DataOptions {
    @Option(names = "--data", defaultValue = "fashion-mnist", description = "Data set: fashion-mnist, mnist, kmnist, cifar-10, svhn, tiny-imagenet (give --data-dir for all but fashion-mnist), teacher (a planted-teacher task), one of the paper's small sets "
            + "(airfoil, forestfires, ccpp, ionosphere, vehicle: shipped with Dante; svmguide4, usps: give --data-dir), or your own file: csv:FILE, tsv:FILE, txt:FILE (whitespace), "
            + "libsvm:FILE, idx:DIR (MNIST-style file names). Sets without a standard split get a seeded 80/20 split. Default: ${DEFAULT-VALUE}.")
    String data;

    @Option(names = "--data-dir", description = "Directory holding the data set's files (default: its usual place).")
    Path dataDir;

    @Option(names = "--train-limit", description = "Use only the first N training examples.")
    Integer trainLimit;

    @Option(names = "--test-limit", description = "Use only the first N test examples.")
    Integer testLimit;

    @Option(names = "--task", description = "classify, regress (data files), or autoencoder (the targets are the inputs). Default: classify for the built-in sets; "
            + "for a text file, classification when the target column holds text, or only integers with at most 20 distinct values.")
    String task;

    @Option(names = "--test", description = "The test part of data given by path, in the same form as --data (e.g. csv:test.csv); read together with it, "
            + "so categories and classes are numbered alike. Default: a seeded 80/20 split (--split-seed).")
    String testSpec;

    @Option(names = "--target", defaultValue = "-1", description = "Target column of a csv/tsv/txt file: a header name or a 0-based index (-1: the last). Default: ${DEFAULT-VALUE}.")
    String target;

    @Option(names = "--categorical", split = ",", description = "Columns of a text file to one-hot encode (names or indices, comma-separated).")
    java.util.List<String> categorical = new java.util.ArrayList<>();

    @Option(names = "--drop", split = ",", description = "Columns of a text file to ignore (names or indices, comma-separated).")
    java.util.List<String> drop = new java.util.ArrayList<>();

    @Option(names = "--delimiter", description = "Field delimiter of a text file: one character, tab or whitespace. Default: by extension (csv: comma, tsv: tab, txt: whitespace), "
            + "else the most frequent of , ; and tab in the first line.")
    String delimiter;

    @Option(names = "--header", description = "Whether a text file starts with a header line: yes, no or auto (a field of the first line is not a number "
            + "where the second line's is). Default: auto.")
    String header;

    @Option(names = "--scale", description = "Feature scaling of data given by path or of the paper's small sets, fitted on the training part: standardize, minmax or none. "
            + "Default: standardize (none for idx:DIR, whose pixels become [0, 1], and for svmguide4 and usps, which come with their own split).")
    String scale;

    @Option(names = "--target-scale", description = "Regression targets: " + dante.datasets.TargetScaling.SPECS + ", fitted on the training part; "
            + "losses are then in the scaled units, and predict answers in the data's own. Default: none.")
    String targetScale;

    /** How the last load() scaled regression targets (null when it did not). */
    dante.datasets.TargetScaling targetScaling;

    @Option(names = "--threads", description = "Threads for the kernels (default: all processors).")
    Integer threads;

    @Option(names = "--validation", defaultValue = "0.1", description = "Fraction of the training data held out (seeded, stratified for classes) to choose "
            + "hyperparameters on; 0 needs --select-on test. Default: ${DEFAULT-VALUE}.")
    double validation;

    @Option(names = "--split-seed", defaultValue = "1", description = "Seed of the validation split (and of the 80/20 test split of sets without a standard one); "
            + "fixed across --seed so every seed sees the same split. Default: ${DEFAULT-VALUE}.")
    long splitSeed;

    private Kernels made;
    /** How the last load() encoded its rows (null for sets predict cannot read: cifar-10, svhn, tiny-imagenet, teacher, autoencoders): written into the model file for predict. */
    InputEncoding encoding;

    /** The kernels of this command: the shared default, or one pool of --threads threads for the whole command (closed by {@link #closeKernels}). */
    Kernels kernels() {
        if (made != null) return made;
        if (threads == null) return Kernels.best();
        made = createKernels(threads);
        return made;
    }

    /** New kernels of {@code threads} threads, refusing counts no machine here justifies; the caller closes them. */
    static Kernels createKernels(int threads) {
        int max = Math.min(1024, 4 * Runtime.getRuntime().availableProcessors());
        if (threads < 1 || threads > max) {
            throw new IllegalArgumentException("--threads: expected 1.." + max + " (at most 4 per processor; this machine has "
                    + Runtime.getRuntime().availableProcessors() + "), found " + threads);
        }
        return Kernels.create(threads);
    }

    void closeKernels() {
        if (made != null) made.close();
        made = null;
    }

    /** Training, validation (null when --validation 0) and test parts; closing it closes all three. */
    record Data(Dataset train, Dataset validation, Dataset test) implements AutoCloseable {
        @Override
        public void close() {
            train.close();
            if (validation != null) validation.close();
            test.close();
        }
    }

    /** The data with its validation split carved from the training part. */
    Data loadWithValidation() {
        if (!(validation >= 0 && validation < 1)) throw new IllegalArgumentException("--validation: expected a fraction in [0, 1), found " + validation);
        Dataset[] d = load();
        if (validation == 0) return new Data(d[0], null, d[1]);
        Dataset[] parts;
        try {
            parts = dante.datasets.Splits.trainValidationInPlace(d[0], validation, splitSeed);   // consumes d[0]: no second copy of the images
        } catch (RuntimeException | Error e) {
            d[0].close();                                                                         // not consumed when the split fails
            d[1].close();
            throw e;
        }
        return new Data(parts[0], parts[1], d[1]);
    }

    /**
     * The MNIST-family sets are IDX files read as pixels / 255, exactly as {@code idx:DIR} reads
     * them, so their models carry that encoding and predict on {@code idx:DIR} (not for
     * autoencoders, whose outputs are images).
     */
    private InputEncoding imageEncoding(Dataset train) {
        if (task != null && task.equalsIgnoreCase("autoencoder")) return null;
        java.util.List<String> names = new java.util.ArrayList<>();
        for (int c = 0; c < train.classes(); c++) names.add(String.valueOf(c));
        return new InputEncoding("idx", (char) 0, false, null, null, null, names, null, null, train.featureCount(), null);
    }

    Dataset[] load() {
        Dataset train, test;
        encoding = null;
        boolean byPath = FileData.isSpec(data);
        if (!byPath) {
            String fileOnly = testSpec != null ? "--test" : delimiter != null ? "--delimiter" : header != null ? "--header" : scale != null && !BuiltIn.isPaperSet(data) ? "--scale"
                    : !categorical.isEmpty() ? "--categorical" : !drop.isEmpty() ? "--drop" : !"-1".equals(target) ? "--target" : null;
            if (fileOnly != null) throw new IllegalArgumentException(fileOnly + " applies to data given by path (" + FileData.KINDS + "), not to --data " + data);
        }
        if (byPath) {
            if (dataDir != null) throw new IllegalArgumentException("--data-dir applies to the built-in sets; --data " + data + " names its path");
            FileData.Loaded loaded = FileData.load(data, testSpec, new FileData.TextOptions(target, categorical, drop, delimiter, header,
                    task == null || task.equalsIgnoreCase("autoencoder") ? null : task), scale, splitSeed);
            train = loaded.parts()[0];
            test = loaded.parts()[1];
            encoding = task != null && task.equalsIgnoreCase("autoencoder") ? null : loaded.encoding();
        } else {
            if (!BuiltIn.isName(data)) {
                List<String> n = BuiltIn.NAMES;
                throw new IllegalArgumentException("--data: expected " + String.join(", ", n.subList(0, n.size() - 1)) + " or " + n.get(n.size() - 1) + ", found '" + data + "'");
            }
            BuiltIn.Parts parts = BuiltIn.load(data, dataDir, splitSeed);
            train = parts.train();
            test = parts.test();
            if (parts.idxImages()) encoding = imageEncoding(train);
            if (parts.paper() != null) {
                encoding = paperEncoding(parts.paper(), parts.table(), parts.firstFile());
                dante.datasets.Preprocessing p = scaleFeatures(scale != null ? scale : dante.datasets.PaperData.hasStandardSplit(parts.paper()) ? "none" : "standardize", train, test);
                if (p != null) encoding = encoding.withScaling(p.shift(), p.scale());
                if (task != null && task.equalsIgnoreCase("autoencoder")) encoding = null;
            }
        }
        if ((trainLimit != null && trainLimit < 1) || (testLimit != null && testLimit < 1)) {
            train.close();
            test.close();
            throw new IllegalArgumentException((trainLimit != null && trainLimit < 1 ? "--train-limit" : "--test-limit") + " must be at least 1, found "
                    + (trainLimit != null && trainLimit < 1 ? trainLimit : testLimit));
        }
        train = first(train, trainLimit);
        test = first(test, testLimit);
        switch (task == null ? "classify" : task.toLowerCase(Locale.ROOT)) {
            case "classify" -> { }
            case "regress" -> {
                if (!byPath) {
                    train.close();
                    test.close();
                    throw new IllegalArgumentException("--task regress applies to data given by path; " + data + " is a " + (train.isClassification() ? "classification" : "regression") + " set as it is");
                }
            }
            case "autoencoder" -> {
                Dataset a = reconstruction(train), b = reconstruction(test);
                train.close();
                test.close();
                train = a;
                test = b;
            }
            default -> {
                train.close();
                test.close();
                throw new IllegalArgumentException("--task: expected classify, regress or autoencoder, found '" + task + "'");
            }
        }
        if (targetScale != null) {
            try {
                if (task != null && task.equalsIgnoreCase("autoencoder")) throw new IllegalArgumentException("--target-scale applies to regression, not to --task autoencoder (the targets are the inputs)");
                targetScaling = dante.datasets.TargetScaling.fit(targetScale, train);
                targetScaling.apply(train);
                targetScaling.apply(test);
            } catch (RuntimeException e) {
                train.close();
                test.close();
                throw e;
            }
            if (encoding != null) encoding = encoding.withTargetScaling(targetScaling);
        }
        return new Dataset[] {train, test};
    }

    /** The first {@code n} rows of {@code d} (closing {@code d}), or {@code d} itself when n is null or not smaller. */
    private static Dataset first(Dataset d, Integer n) {
        if (n == null || n >= d.size()) return d;
        Dataset small = d.slice(d.name() + "[:" + n + "]", 0, n);
        d.close();
        return small;
    }


    /**
     * How a paper set's rows became inputs, as for a file given by path: the text sets as
     * DelimitedText read them (the file's columns, the target, the features with their one-hot
     * levels, the classes), svmguide4 as LIBSVM rows of its 10 features. Scaling is added by the
     * caller.
     */
    static InputEncoding paperEncoding(dante.datasets.PaperData.Name name, DelimitedText.Table t, Path firstFile) {
        List<String> classes = t.classes() == null ? null : List.of(t.classes());
        DelimitedText.Options o = dante.datasets.PaperData.textOptions(name);
        if (o == null) return new InputEncoding("libsvm", (char) 0, false, null, null, null, classes, null, null, t.cols(), null);
        List<String> first = FileData.firstLines(firstFile, 1);
        List<String> columns = FileData.columns(first.isEmpty() ? "" : first.get(0), o.delimiter(), o.header());
        String target = columns.get(FileData.columnIndex(o.target(), columns));
        return new InputEncoding("text", o.delimiter(), o.header(), columns, target, List.of(t.featureNames()), classes, null, null, t.cols(), null);
    }

    /** Scales the features of the paper's small sets, fitted on the training part (closing both parts on a bad spec); the transform, or null for none. */
    private static dante.datasets.Preprocessing scaleFeatures(String spec, Dataset train, Dataset test) {
        dante.datasets.Preprocessing p = switch (spec.toLowerCase(Locale.ROOT)) {
            case "standardize" -> dante.datasets.Preprocessing.standardize(train);
            case "minmax" -> dante.datasets.Preprocessing.minMax(train);
            case "none" -> null;
            default -> {
                train.close();
                test.close();
                throw new IllegalArgumentException("--scale: expected standardize, minmax or none, found '" + spec + "'");
            }
        };
        if (p != null) {
            p.apply(train);
            p.apply(test);
        }
        return p;
    }


    private static Dataset reconstruction(Dataset d) {
        float[] x = d.features().toArray();
        return Dataset.regression(d.name() + " (reconstruction)", x, d.size(), d.featureCount(), x, d.featureCount());
    }
}

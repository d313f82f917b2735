package dante.cli;

import java.nio.file.Path;
import java.util.Locale;
import java.util.Random;

import dante.core.data.Dataset;
import dante.core.nn.Activation;
import dante.core.nn.Init;
import dante.core.nn.Loss;
import dante.core.nn.Network;
import dante.core.train.AlternatingSchedule;
import dante.core.train.Method;
import dante.datasets.FashionMnist;
import dante.kernels.Kernels;
import picocli.CommandLine.Option;

/** Options shared by train and compare: data, architecture, hyperparameters. */
final class RunOptions {
    @Option(names = "--data", defaultValue = "fashion-mnist", description = "Data set: fashion-mnist, cifar-10, teacher (a planted-teacher task), or one of the paper's small sets "
            + "(airfoil, forestfires, ccpp, ionosphere, vehicle, svmguide4, usps; give --data-dir). Sets without a standard split get a seeded 80/20 split. Default: ${DEFAULT-VALUE}.")
    String data;

    @Option(names = "--data-dir", description = "Directory holding the data set's files (default: its usual place).")
    Path dataDir;

    @Option(names = "--train-limit", description = "Use only the first N training examples.")
    Integer trainLimit;

    @Option(names = "--task", defaultValue = "classify", description = "classify, or autoencoder (the targets are the inputs). Default: ${DEFAULT-VALUE}.")
    String task;

    @Option(names = "--arch", description = "Layer sizes, input first, e.g. 784,256,10 (default: 784,256,10 for fashion-mnist).")
    String arch;

    @Option(names = "--activation", defaultValue = "leaky-relu", description = "Hidden activation: leaky-relu[:A], relu, generalized-relu:A:B, sigmoid, tanh. Default: ${DEFAULT-VALUE}.")
    String activation;

    @Option(names = "--loss", defaultValue = "ce", description = "mse, ce (softmax cross-entropy) or bce. Default: ${DEFAULT-VALUE}.")
    String loss;

    @Option(names = "--output-activation", description = "Output activation (default: softmax for ce, sigmoid for bce, the hidden one for mse).")
    String outputActivation;

    @Option(names = "--init", defaultValue = "torch", description = "glorot, he or torch. Default: ${DEFAULT-VALUE}.")
    String init;

    @Option(names = "--batch", defaultValue = "64", description = "Minibatch size. Default: ${DEFAULT-VALUE}.")
    int batch;

    @Option(names = "--threads", description = "Threads for the kernels (default: all processors).")
    Integer threads;

    @Option(names = "--seed", defaultValue = "1", description = "Seed for initialization and shuffling. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--epochs", defaultValue = "5", description = "Epochs for backprop methods. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(names = "-T", defaultValue = "1", description = "SNGD epochs per layer in each DANTE round. Default: ${DEFAULT-VALUE}.")
    int epochsPerLayer;

    @Option(names = "--rounds", defaultValue = "5", description = "DANTE rounds (per pair for dante-ae). Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Option(names = "--epsilon", defaultValue = "0", description = "Stop the alternation when the training loss changes by less than this over a round. Default: off.")
    double epsilon;

    @Option(names = "--order", defaultValue = "bottom-up", description = "Round-robin order: bottom-up or top-down. Default: ${DEFAULT-VALUE}.")
    String order;

    @Option(names = "--momentum", defaultValue = "0.9", description = "Momentum for momentum, nesterov, dante-momentum. Default: ${DEFAULT-VALUE}.")
    float momentum;

    @Option(names = "--budget", description = "Stop each run after this many weights updated.")
    Long budget;

    @Option(names = "--eval-every", defaultValue = "0", description = "Evaluate every N steps (default: once per epoch).")
    int evalEvery;

    @Option(names = "--eval-points", defaultValue = "0", description = "Evaluate at K points evenly spaced in weights updated over the run's budget, "
            + "the same for every method (default: once per epoch; compare defaults to 20).")
    int evalPoints;

    @Option(names = "--iterate", defaultValue = "last", description = "Which iterate an SNGD phase returns: last (Algorithm 1, the paper), "
            + "best-probe (lowest loss on a fixed probe sample of the training data, scored at a fixed cadence, the final iterate always a candidate) "
            + "or best-minibatch (Hazan: lowest loss on its own minibatch). Rolled-back weights still count as updated. Default: ${DEFAULT-VALUE}.")
    String iterate;

    @Option(names = "--probe-size", defaultValue = "2048", description = "best-probe: training rows in the probe sample. Default: ${DEFAULT-VALUE}.")
    int probeSize;

    @Option(names = "--probe-every", defaultValue = "0", description = "best-probe: score a candidate every N steps of a phase (default: four times an epoch).")
    int probeEvery;

    @Option(names = "--carry-state", description = "Keep the step rule's state (momentum, Adam moments) across phases; by default each phase starts it afresh.")
    boolean carryState;

    @Option(names = "--validation", defaultValue = "0.1", description = "Fraction of the training data held out (seeded, stratified for classes) to choose "
            + "hyperparameters on; 0 needs --select-on test. Default: ${DEFAULT-VALUE}.")
    double validation;

    @Option(names = "--split-seed", defaultValue = "1", description = "Seed of the validation split (and of the 80/20 test split of sets without a standard one); "
            + "fixed across --seed so every seed sees the same split. Default: ${DEFAULT-VALUE}.")
    long splitSeed;

    private Kernels made;

    /** The kernels of this command: the shared default, or one pool of --threads threads for the whole command (closed by {@link #closeKernels}). */
    Kernels kernels() {
        if (made != null) return made;
        if (threads == null) return Kernels.best();
        int max = Math.min(1024, 4 * Runtime.getRuntime().availableProcessors());
        if (threads < 1 || threads > max) {
            throw new IllegalArgumentException("--threads: expected 1.." + max + " (at most 4 per processor; this machine has "
                    + Runtime.getRuntime().availableProcessors() + "), found " + threads);
        }
        made = Kernels.create(threads);
        return made;
    }

    void closeKernels() {
        if (made != null) made.close();
        made = null;
    }

    /** "784-256-10, leaky-relu, mse, batch 64" for titles. */
    String describeNetwork(Dataset train) {
        try (Network net = network(train, seed)) {
            return net.sizes().replace(',', '-') + ", " + activation + ", " + loss + ", batch " + batch;
        }
    }

    dante.core.train.IterateRule iterateRule() { return dante.core.train.IterateRule.parse(iterate); }

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

    Method.Hyper hyper(float lr) {
        AlternatingSchedule.Order o = switch (order.toLowerCase(Locale.ROOT)) {
            case "bottom-up" -> AlternatingSchedule.Order.BOTTOM_UP;
            case "top-down" -> AlternatingSchedule.Order.TOP_DOWN;
            default -> throw new IllegalArgumentException("--order: expected bottom-up or top-down, found '" + order + "'");
        };
        return new Method.Hyper(lr, momentum, epochs, epochsPerLayer, rounds, epsilon, o);
    }

    /** The training and test parts. */
    Dataset[] load() {
        Dataset train, test;
        switch (data.toLowerCase(Locale.ROOT)) {
            case "fashion-mnist" -> {
                train = FashionMnist.load(dataDir, true);
                test = closingOnError(train, () -> FashionMnist.load(dataDir, false));
            }
            case "teacher" -> {
                train = teacher(4000, 11);
                test = teacher(1000, 12);
            }
            case "cifar-10" -> {
                train = dante.datasets.Cifar10.load(dataDir, true);
                test = closingOnError(train, () -> dante.datasets.Cifar10.load(dataDir, false));
            }
            default -> {
                dante.datasets.PaperData.Name name;
                try {
                    name = dante.datasets.PaperData.Name.parse(data);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("--data: expected fashion-mnist, cifar-10, teacher, airfoil, forestfires, ccpp, ionosphere, vehicle, svmguide4 or usps, found '" + data + "'");
                }
                if (dante.datasets.PaperData.hasStandardSplit(name)) {
                    train = dante.datasets.PaperData.load(dataDir, name, true);
                    test = closingOnError(train, () -> dante.datasets.PaperData.load(dataDir, name, false));
                } else {
                    // no standard split: a seeded 80/20 split, features standardized on the training part
                    try (Dataset all = dante.datasets.PaperData.load(dataDir, name)) {
                        Dataset[] parts = dante.datasets.Splits.trainTest(all, 0.2, splitSeed);
                        train = parts[0];
                        test = parts[1];
                    }
                    dante.datasets.Preprocessing s = dante.datasets.Preprocessing.standardize(train);
                    s.apply(train);
                    s.apply(test);
                }
            }
        }
        if (trainLimit != null && trainLimit < train.size()) {
            if (trainLimit < 1) throw new IllegalArgumentException("--train-limit must be at least 1, found " + trainLimit);
            Dataset small = train.slice(train.name() + "[:" + trainLimit + "]", 0, trainLimit);
            train.close();
            train = small;
        }
        switch (task.toLowerCase(Locale.ROOT)) {
            case "classify" -> { }
            case "autoencoder" -> {
                Dataset a = reconstruction(train), b = reconstruction(test);
                train.close();
                test.close();
                train = a;
                test = b;
            }
            default -> throw new IllegalArgumentException("--task: expected classify or autoencoder, found '" + task + "'");
        }
        return new Dataset[] {train, test};
    }

    /** Loads a second part; if that fails, the first is closed so no native memory is left behind. */
    private static Dataset closingOnError(Dataset first, java.util.function.Supplier<Dataset> second) {
        try {
            return second.get();
        } catch (RuntimeException | Error e) {
            first.close();
            throw e;
        }
    }

    private static Dataset reconstruction(Dataset d) {
        float[] x = d.features().toArray();
        return Dataset.regression(d.name() + " (reconstruction)", x, d.size(), d.featureCount(), x, d.featureCount());
    }

    /** 20 inputs in the unit ball, 4 classes chosen by a fixed random 20-32-4 Leaky-ReLU teacher. */
    static Dataset teacher(int n, long seed) {
        Random r = new Random(seed);
        int d = 20, h = 32, c = 4;
        Random t = new Random(2024);
        double[] w1 = new double[h * d], w2 = new double[c * h];
        for (int i = 0; i < w1.length; i++) w1[i] = t.nextGaussian() * Math.sqrt(2.0 / d);
        for (int i = 0; i < w2.length; i++) w2[i] = t.nextGaussian() * Math.sqrt(2.0 / h);
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            double norm = 0;
            for (int j = 0; j < d; j++) { x[i * d + j] = (float) r.nextGaussian(); norm += x[i * d + j] * x[i * d + j]; }
            double scale = Math.pow(r.nextDouble(), 1.0 / d) / Math.sqrt(norm);
            for (int j = 0; j < d; j++) x[i * d + j] *= (float) scale;
            double[] hid = new double[h];
            for (int k = 0; k < h; k++) {
                double s = 0;
                for (int j = 0; j < d; j++) s += w1[k * d + j] * x[i * d + j];
                hid[k] = s > 0 ? s : 0.01 * s;
            }
            int best = 0;
            double bv = Double.NEGATIVE_INFINITY;
            for (int k = 0; k < c; k++) {
                double s = 0;
                for (int j = 0; j < h; j++) s += w2[k * h + j] * hid[j];
                if (s > bv) { bv = s; best = k; }
            }
            y[i] = best;
        }
        return Dataset.classification("teacher", x, n, d, y, c);
    }

    Network network(Dataset train) { return network(train, seed); }

    /** The network the options describe, initialized with {@code initSeed}. */
    Network network(Dataset train, long initSeed) {
        String sizes = arch != null ? arch : train.featureCount() + "," + (train.featureCount() < 100 ? 32 : 256) + "," + train.targetCount();
        String[] parts = sizes.split(",");
        int[] dims = new int[parts.length];
        try {
            for (int i = 0; i < parts.length; i++) dims[i] = Integer.parseInt(parts[i].trim());
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--arch: expected comma-separated layer sizes such as 784,256,10, found '" + sizes + "'");
        }
        if (dims.length < 2) throw new IllegalArgumentException("--arch: expected at least an input and an output size, found '" + sizes + "'");
        if (dims[0] != train.featureCount()) {
            throw new IllegalArgumentException("--arch: the input size is " + dims[0] + " but " + train.name() + " has " + train.featureCount() + " features");
        }
        if (dims[dims.length - 1] != train.targetCount()) {
            throw new IllegalArgumentException("--arch: the output size is " + dims[dims.length - 1] + " but " + train.name() + " has " + train.targetCount() + " targets");
        }
        Loss l = Loss.parse(loss);
        Activation hidden = Activation.parse(activation);
        Activation out = outputActivation != null ? Activation.parse(outputActivation) : switch (l) {
            case SOFTMAX_CROSS_ENTROPY -> Activation.softmax();
            case BINARY_CROSS_ENTROPY -> Activation.sigmoid();
            case MSE -> hidden;
        };
        Network.Builder b = Network.builder(dims[0]);
        for (int i = 1; i < dims.length; i++) b.dense(dims[i], i == dims.length - 1 ? out : hidden);
        Network net = b.loss(l).build();
        try {
            dante.core.train.Trainer.requireMemory(net, new dante.core.train.StepRule.Adam(0.001f), batch, train.size());   // before initializing, so a run too big fails at once
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
        return net.initialize(Init.parse(init), initSeed);
    }
}

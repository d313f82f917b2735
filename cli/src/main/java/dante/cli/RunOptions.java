package dante.cli;

import java.util.Locale;

import dante.core.data.Dataset;
import dante.core.nn.Activation;
import dante.core.nn.Init;
import dante.core.nn.Loss;
import dante.core.nn.Network;
import dante.core.train.AlternatingSchedule;
import dante.core.train.Method;
import dante.core.train.Recipe;
import dante.core.train.RunSettings;
import picocli.CommandLine.Option;

/** Options shared by train and compare: the data ({@link DataOptions}), architecture, hyperparameters. */
final class RunOptions extends DataOptions {
    @Option(names = "--arch", description = "Layer sizes, input first, e.g. 784,256,10 (default: 784,256,10 for fashion-mnist).")
    String arch;

    @Option(names = "--activation", defaultValue = "leaky-relu", description = "Hidden activation: leaky-relu[:A], relu, generalized-relu:A:B, sigmoid, tanh. Default: ${DEFAULT-VALUE}.")
    String activation;

    @Option(names = "--loss", description = "mse, ce (softmax cross-entropy) or bce. Default: ce for classification, mse for regression.")
    String loss;

    /** --loss, or the default for this data: ce for classes, mse for numbers. */
    String lossFor(Dataset train) { return loss != null ? loss : train.isClassification() ? "ce" : "mse"; }

    @Option(names = "--output-activation", description = "Output activation (default: softmax for ce, sigmoid for bce; for mse the hidden one on classes, as in the paper, identity on numbers).")
    String outputActivation;

    @Option(names = "--init", defaultValue = "torch", description = "glorot, he or torch. Default: ${DEFAULT-VALUE}.")
    String init;

    @Option(names = "--batch", defaultValue = "64", description = "Minibatch size. Default: ${DEFAULT-VALUE}.")
    int batch;

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

    @Option(names = "--budget-epochs", description = "Stop each run after this many backprop epochs' worth of weights updated (X × parameters × minibatches per epoch): "
            + "the same budget for every method, whatever its schedule.")
    Double budgetEpochs;

    /** The budget in weights updated for {@code net} on {@code n} training rows (Long.MAX_VALUE: none). */
    long budgetFor(Network net, int n) {
        if (budget != null && budgetEpochs != null) throw new IllegalArgumentException("give --budget or --budget-epochs, not both");
        if (budgetEpochs != null) {
            if (!(budgetEpochs > 0 && budgetEpochs <= 1e6)) throw new IllegalArgumentException("--budget-epochs: expected a positive number of epochs, found " + budgetEpochs);
            return Math.round(budgetEpochs * net.parameterCount() * (double) ((n + batch - 1) / batch));
        }
        if (budget != null && budget < 1) throw new IllegalArgumentException("--budget: expected a positive number of weights, found " + budget);
        return budget == null ? Long.MAX_VALUE : budget;
    }

    @Option(names = "--eval-every", defaultValue = "0", description = "Evaluate every N steps (default: once per epoch).")
    int evalEvery;

    @Option(names = "--eval-points", defaultValue = "0", description = "Evaluate at K points evenly spaced in weights updated over the run's budget, "
            + "the same for every method (default: once per epoch; compare defaults to 20).")
    int evalPoints;

    @Option(names = "--train-loss", paramLabel = "full|sample:N|none", description = "What the history's train_loss column is computed on at each "
            + "evaluation: full (every training row), sample:N (N rows evenly spaced through the training set, the same rows every time; "
            + "each evaluation then costs a fraction of a pass over the data) or none (left empty; the divergence guard watches the validation loss). "
            + "Default: sample:10000 for train, full for compare (its reports read the training loss). summary.json says which.")
    String trainLoss;

    /** What train_loss is computed on: {@code evaluate}, and on how many rows (0: every row). */
    record TrainLoss(boolean evaluate, int rows) {
        static TrainLoss parse(String spec) {
            String s = spec.strip().toLowerCase(Locale.ROOT);
            if (s.equals("full")) return new TrainLoss(true, 0);
            if (s.equals("none")) return new TrainLoss(false, 0);
            if (s.startsWith("sample:")) {
                try {
                    int n = Integer.parseInt(s.substring("sample:".length()).strip());
                    if (n >= 1) return new TrainLoss(true, n);
                } catch (NumberFormatException e) {
                    // falls through to the one error below
                }
            }
            throw new IllegalArgumentException("--train-loss: expected full, sample:N (N ≥ 1 rows) or none, found '" + spec + "'");
        }

        /** The spec, written back (sample:N, full, none). */
        String spec() { return !evaluate ? "none" : rows == 0 ? "full" : "sample:" + rows; }

        /** What the column holds for a training set of {@code size} rows held here ({@code remote}: held by a distributed engine). */
        String describe(int size, boolean remote) {
            if (!evaluate) return "not computed (train_loss is empty)";
            if (remote || !RunSettings.samplesTrainLoss(rows, size)) return "every training row (" + size + ")";
            return rows + " of the " + size + " training rows, evenly spaced (row ⌊i·" + size + "/" + rows + "⌋), the same rows at every evaluation";
        }
    }

    /** --train-loss, parsed; full when not given (train sets its own default before it runs). */
    TrainLoss trainLoss() { return TrainLoss.parse(trainLoss != null ? trainLoss : "full"); }

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

    @Option(names = "--admm-beta", defaultValue = "1", description = "admm: β, the penalty on z_l = W_l·a_(l−1) (train; compare grids it as admm=B1:B2…). Default: ${DEFAULT-VALUE}.")
    double admmBeta;

    @Option(names = "--admm-gamma", defaultValue = "10", description = "admm: γ, the penalty on a_l = h(z_l). Default: ${DEFAULT-VALUE}.")
    double admmGamma;

    @Option(names = "--admm-warm-start", defaultValue = "5", description = "admm: iterations before the Lagrange multiplier moves. Default: ${DEFAULT-VALUE}.")
    int admmWarmStart;

    @Option(names = "--admm-ridge", defaultValue = "1e-4", description = "admm: least-squares ridge relative to the Gram matrix's mean diagonal (the paper's pseudo-inverse, in float). Default: ${DEFAULT-VALUE}.")
    double admmRidge;

    @Option(names = "--admm-output-steps", defaultValue = "20", description = "admm: gradient steps of the output layer's proximal problem under cross-entropy. Default: ${DEFAULT-VALUE}.")
    int admmOutputSteps;

    @Option(names = "--am-mu", defaultValue = "0.003", description = "am-adam: μ, weight of the code-proximity term (the authors' default). Default: ${DEFAULT-VALUE}.")
    double amMu;

    @Option(names = "--am-mu-growth", defaultValue = "0", description = "am-adam: μ's growth per minibatch, up to 10·μ. Default: ${DEFAULT-VALUE}.")
    double amMuGrowth;

    @Option(names = "--am-code-steps", defaultValue = "5", description = "am-adam: code-update steps per minibatch and layer. Default: ${DEFAULT-VALUE}.")
    int amCodeSteps;

    @Option(names = "--am-code-lr", defaultValue = "0.3", description = "am-adam: the code steps' rate (Nesterov SGD). Default: ${DEFAULT-VALUE}.")
    float amCodeLr;

    @Option(names = "--am-code-momentum", defaultValue = "0.9", description = "am-adam: the code steps' Nesterov momentum. Default: ${DEFAULT-VALUE}.")
    float amCodeMomentum;

    @Option(names = "--am-weight-steps", defaultValue = "1", description = "am-adam: Adam steps per minibatch and layer. Default: ${DEFAULT-VALUE}.")
    int amWeightSteps;

    @Option(names = "--am-halve-every", defaultValue = "8", description = "am-adam: halve the Adam rates every N epochs (0: never); --lr-schedule multiplies it (step:0.5:8r is the same halving as a schedule). Default: ${DEFAULT-VALUE}.")
    int amHalveEvery;

    /**
     * The method with every parameter these options give it, the grid's value {@code tuned} set
     * (β for admm, the learning rate otherwise; see {@link Recipe#withTuned}).
     */
    Recipe recipe(Method m, float tuned) {
        Method.Hyper h = hyper(m == Method.ADMM ? Method.Hyper.defaults().learningRate() : tuned);     // admm has no rate: β is its own parameter
        return new Recipe(m, h, dante.core.train.LearningRateSchedule.CONSTANT, iterateRule(), probeSize, probeEvery, carryState, evalEvery,
                new dante.core.train.AuxiliaryTrainer.Admm(admmBeta, admmGamma, admmWarmStart, admmRidge, admmOutputSteps),
                new dante.core.train.AuxiliaryTrainer.AmAdam(tuned, tuned, amMu, amMuGrowth, amCodeSteps, amCodeLr, amCodeMomentum, amWeightSteps, amHalveEvery))
                .withTuned(tuned);
    }

    /** "784-256-10, leaky-relu, mse, batch 64" for titles. */
    String describeNetwork(Dataset train) {
        try (Network net = network(train, seed, null)) {
            return net.sizes().replace(',', '-') + ", " + activation + ", " + lossFor(train) + ", batch " + batch;
        }
    }

    dante.core.train.IterateRule iterateRule() { return dante.core.train.IterateRule.parse(iterate); }

    Method.Hyper hyper(float lr) {
        AlternatingSchedule.Order o = switch (order.toLowerCase(Locale.ROOT)) {
            case "bottom-up" -> AlternatingSchedule.Order.BOTTOM_UP;
            case "top-down" -> AlternatingSchedule.Order.TOP_DOWN;
            default -> throw new IllegalArgumentException("--order: expected bottom-up or top-down, found '" + order + "'");
        };
        return new Method.Hyper(lr, momentum, epochs, epochsPerLayer, rounds, epsilon, o);
    }

    /** The network the options describe, initialized with {@code initSeed}, refused at once when {@code recipe}'s run would not fit in memory (null: no check). */
    Network network(Dataset train, long initSeed, Recipe recipe) {
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
        Loss l = Loss.parse(lossFor(train));
        Activation hidden = Activation.parse(activation);
        Activation out = outputActivation != null ? Activation.parse(outputActivation) : switch (l) {
            case SOFTMAX_CROSS_ENTROPY -> Activation.softmax();
            case BINARY_CROSS_ENTROPY -> Activation.sigmoid();
            case MSE -> train.isClassification() ? hidden : Activation.identity();   // numbers can be negative: a Leaky ReLU output would squash them
        };
        Network.Builder b = Network.builder(dims[0]);
        for (int i = 1; i < dims.length; i++) b.dense(dims[i], i == dims.length - 1 ? out : hidden);
        Network net = b.loss(l).build();
        try {
            if (recipe != null) recipe.requireMemory(net, batch, train.size());   // before initializing, so a run too big fails at once
        } catch (RuntimeException e) {
            net.close();
            throw e;
        }
        return net.initialize(Init.parse(init), initSeed);
    }
}

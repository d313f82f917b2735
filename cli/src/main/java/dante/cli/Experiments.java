package dante.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dante.datasets.Cifar10;
import dante.datasets.FashionMnist;
import dante.datasets.PaperData;
import dante.datasets.Svhn;
import dante.datasets.TinyImageNet;

/**
 * The paper's experiments as plans of comparisons (docs/MATH.md §4): each {@link Experiment} turns
 * the settings of one {@code reproduce} call into {@link Part}s, each of them one
 * {@code compare} command line, run under the protocol. Where the paper lost a value (hidden
 * widths of the deeper nets, T, batch size) the plan's {@link Experiment#choices} say what was
 * chosen and why; every choice can be overridden from the command line.
 */
final class Experiments {
    private Experiments() {}

    /** What one {@code reproduce} call asked for. {@code trainLimit} 0 means the whole training set. */
    record Settings(boolean quick, int seeds, Path dataDir, Integer threads, Integer trainLimit, Integer batch, Integer t, Integer epochs,
                    Map<String, String> arch) {
        int epochsOr(int full) { return epochs != null ? epochs : quick ? 1 : full; }
        int batchOr() { return batch != null ? batch : 64; }
        int tOr() { return t != null ? t : 1; }
        int points() { return quick ? 2 : 10; }
    }

    /** One comparison: a name (its directory), a title, and the compare arguments (without --out). */
    record Part(String name, String title, String data, List<String> args) {}

    /**
     * An experiment: its ID, the paper's item, the data it reads, a full run's minutes (measured here: one kernel thread,
     * two experiments at a time on 2 cores; fig3 and fig4 estimated from their inputs' size, their data being absent; fig8 measured
     * on two threads, 20.5–20.8 minutes with other work sharing the machine part of the time, and doubled), and
     * how it plans its parts.
     */
    record Experiment(String id, String item, String needs, int fullMinutes, List<String> choices, Planner planner) {
        List<Part> plan(Settings s) { return planner.plan(s); }
    }

    @FunctionalInterface
    interface Planner { List<Part> plan(Settings s); }

    /** An image set the paper used that is missing here, and the one that stands in for it. */
    record ImageData(String name, String paperName, boolean standIn, Path dir) {
        String label() { return standIn ? name + " (standing in for " + paperName + ", absent here)" : name; }
    }

    /** MNIST and KMNIST when --data-dir holds them, else Fashion-MNIST standing in for both. */
    static List<ImageData> mnistLike(Settings s) {
        List<ImageData> out = new ArrayList<>();
        if (s.dataDir() != null && FashionMnist.present(FashionMnist.Kind.MNIST, s.dataDir())) out.add(new ImageData("mnist", "MNIST", false, s.dataDir()));
        if (s.dataDir() != null && FashionMnist.present(FashionMnist.Kind.KMNIST, s.dataDir())) out.add(new ImageData("kmnist", "KMNIST", false, s.dataDir()));
        if (out.isEmpty()) {
            Path dir = s.dataDir() != null && FashionMnist.present(FashionMnist.Kind.FASHION, s.dataDir()) ? s.dataDir() : null;
            out.add(new ImageData("fashion-mnist", "MNIST and KMNIST", true, dir));
        }
        return out;
    }

    /** Whether the stand-in (or MNIST) is readable: Fashion-MNIST installed or under --data-dir. */
    static boolean mnistLikePresent(Path dataDir) {
        return FashionMnist.present(FashionMnist.Kind.FASHION, null) || dataDir != null && (FashionMnist.present(FashionMnist.Kind.FASHION, dataDir)
                || FashionMnist.present(FashionMnist.Kind.MNIST, dataDir) || FashionMnist.present(FashionMnist.Kind.KMNIST, dataDir));
    }

    /** The nets of Figures 2, 5 and 6 (widths of the deeper nets lost: 256 everywhere, as in our other experiments). */
    static final Map<String, String> MNIST_NETS = nets(
            "one-hidden-100", "784,100,10", "one-hidden-250", "784,250,10", "one-hidden-400", "784,400,10", "one-hidden-600", "784,600,10",
            "two-hidden", "784,256,256,10", "three-hidden", "784,256,256,256,10", "five-hidden", "784,256,256,256,256,256,10");

    /** Figure 8's two nets (lost in the paper): one hidden layer as elsewhere, and the AM-Adam authors' default 2×100. */
    static final Map<String, String> FIG8_NETS = nets("one-hidden", "784,256,10", "two-hidden", "784,100,100,10");

    static final Map<String, String> COLOUR_NETS = nets("one-hidden", "3072,512,10", "two-hidden", "3072,512,256,10",
            "five-hidden", "3072,512,256,256,256,256,10");

    static final Map<String, String> TINY_NETS = nets("one-hidden", "12288,1024,200", "two-hidden", "12288,1024,512,200",
            "five-hidden", "12288,1024,512,512,512,512,200");

    private static Map<String, String> nets(String... kv) {
        Map<String, String> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }

    /** Arguments every part shares: data, seeds, batch, evaluation points, threads, limits. */
    static List<String> common(Settings s, String data, Path dir, boolean image) { return common(s, data, dir, image ? 20000 : 0); }

    /** As above; {@code imageLimit} is the default training limit of an image set (0: not an image set, never limited). */
    static List<String> common(Settings s, String data, Path dir, int imageLimit) {
        boolean image = imageLimit > 0;
        List<String> a = new ArrayList<>(List.of("--data", data, "--seed", "1", "--seeds", Integer.toString(s.seeds()), "--batch", Integer.toString(s.batchOr()),
                "--eval-points", Integer.toString(s.points()), "--validation", "0.1", "--extend-grid", "2"));
        if (dir != null) a.addAll(List.of("--data-dir", dir.toString()));
        if (s.threads() != null) a.addAll(List.of("--threads", s.threads().toString()));
        int limit = !image ? 0 : s.trainLimit() != null ? s.trainLimit() : s.quick() ? 500 : imageLimit;   // --train-limit is for the image sets only
        if (limit > 0) a.addAll(List.of("--train-limit", Integer.toString(limit)));
        if (s.quick() && image) a.addAll(List.of("--test-limit", "1000"));
        return a;
    }

    /** A learning-rate grid: the whole grid, or its smallest rate under --quick (the least likely to diverge on any data). */
    static String grid(Settings s, String method, String... rates) {
        return method + "=" + (s.quick() ? rates[0] : String.join(":", rates));
    }

    private static String arch(Settings s, String part, String dflt) { return s.arch().getOrDefault(part, dflt); }

    private static List<String> with(List<String> a, String... more) {
        List<String> out = new ArrayList<>(a);
        out.addAll(List.of(more));
        return out;
    }

    private static List<String> budget(Settings s, int full) {
        String e = Integer.toString(s.epochsOr(full));
        return List.of("--epochs", e, "--rounds", e, "-T", Integer.toString(s.tOr()));
    }

    /** DANTE against SGD on each net: the shape of Figures 2, 3, 4 and 5. */
    private static List<Part> danteVsSgd(Settings s, List<ImageData> sets, Map<String, String> nets, List<String> model, String danteGrid, String sgdGrid) {
        List<Part> parts = new ArrayList<>();
        for (ImageData d : sets) {
            for (Map.Entry<String, String> n : nets.entrySet()) {
                String name = (sets.size() > 1 ? d.name() + "-" : "") + n.getKey();
                String sizes = arch(s, n.getKey(), n.getValue());
                List<String> a = with(common(s, d.name(), d.dir(), true), "--arch", sizes, "--methods", "dante,sgd",
                        "--lr-grid", grid(s, "dante", danteGrid.split(":")) + "," + grid(s, "sgd", sgdGrid.split(":")));
                a.addAll(model);
                a.addAll(budget(s, 5));
                parts.add(new Part(name, sizes.replace(',', '-') + " on " + d.label(), d.label(), a));
            }
        }
        return parts;
    }

    /** DANTE's learning rates on the image sets: its normalized step is insensitive to the input's scale, so one grid serves them all. */
    static final String DANTE_GRID = "0.01:0.03:0.1:0.3";

    static final List<String> LEAKY_MSE = List.of("--loss", "mse", "--activation", "leaky-relu:0.01", "--output-activation", "leaky-relu:0.01");
    static final List<String> SIGMOID_MSE = List.of("--loss", "mse", "--activation", "sigmoid", "--output-activation", "sigmoid");

    private static final String IMAGE_BUDGET = "the first 20 000 training images (18 000 to train, 2 000 to choose on) and the whole test set; "
            + "5 backprop epochs for SGD and 5 rounds of T = 1 for DANTE, so equal weights updated (the paper plots against weights updated and gives no length); "
            + "--train-limit 0 and --epochs change this";
    private static final String WIDTHS = "hidden widths of the deeper nets (lost in the paper): 256 per hidden layer, as in our other experiments; --arch PART=SIZES changes one";
    private static final String T_BATCH = "T = 1 (the value the paper chose is lost; docs/ABLATION.md found T = 1 best) and batch 64 "
            + "(the paper states none; the 2017 code used 500, which docs/ABLATION.md found worse for both methods); -T and --batch change them";
    private static final String SGD_SCALE = "SGD's grid shrinks with the input's squared norm (about 8× MNIST's for 3072 colour inputs, 30× for 12288), "
            + "the step size at which SGD stays stable; DANTE's normalized step needs no such change";
    private static final String PROTOCOL = "learning rates chosen per method on a 10 % validation split (constant η, as in the paper), several seeds, "
            + "the test set read for the chosen rates only; a grid grows past its edge (up to two rates) when the choice sits on it";

    static final List<Experiment> ALL = List.of(
            new Experiment("fig2", "Figure 2: DANTE vs SGD, Leaky ReLU (0.01, 1), MSE; one hidden layer of 100/250/400/600, 2-, 3-, 5-hidden nets; MNIST, KMNIST",
                    "mnist, kmnist (else fashion-mnist)", 32, List.of(IMAGE_BUDGET, WIDTHS, T_BATCH, PROTOCOL),
                    s -> danteVsSgd(s, mnistLike(s), MNIST_NETS, LEAKY_MSE, DANTE_GRID, "0.003:0.01:0.03:0.1")),
            new Experiment("fig3", "Figure 3: DANTE vs SGD on CIFAR-10 and SVHN (3072 inputs), 1-, 2-, 5-hidden nets",
                    "cifar-10, svhn (--data-dir)", 110, List.of(IMAGE_BUDGET, "widths (lost): 512, then 256 per further layer; --arch PART=SIZES changes one", T_BATCH, PROTOCOL, SGD_SCALE),
                    s -> {
                        List<ImageData> sets = new ArrayList<>();
                        if (s.dataDir() != null && cifarPresent(s.dataDir())) sets.add(new ImageData("cifar-10", "CIFAR-10", false, s.dataDir()));
                        if (s.dataDir() != null && Svhn.present(s.dataDir())) sets.add(new ImageData("svhn", "SVHN", false, s.dataDir()));
                        return danteVsSgd(s, sets, COLOUR_NETS, LEAKY_MSE, DANTE_GRID, "0.0003:0.001:0.003:0.01");
                    }),
            new Experiment("fig4", "Figure 4: DANTE vs SGD on Tiny ImageNet (12288 inputs, 200 classes; the validation set as test), three nets",
                    "tiny-imagenet (--data-dir)", 220, List.of(IMAGE_BUDGET, "widths (lost): 1024, then 512 per further layer; --arch PART=SIZES changes one", T_BATCH, PROTOCOL, SGD_SCALE),
                    s -> !(s.dataDir() != null && TinyImageNet.present(s.dataDir())) ? List.of()
                            : danteVsSgd(s, List.of(new ImageData("tiny-imagenet", "Tiny ImageNet", false, s.dataDir())), TINY_NETS, LEAKY_MSE, DANTE_GRID, "0.0001:0.0003:0.001:0.003")),
            new Experiment("fig5", "Figure 5: Figure 2's nets with sigmoid activations, MSE", "mnist, kmnist (else fashion-mnist)", 35,
                    List.of(IMAGE_BUDGET, WIDTHS, T_BATCH, PROTOCOL, "sigmoid output as well as hidden (MSE on one-hot targets); SGD's grid is larger because sigmoid's gradients are small"),
                    s -> danteVsSgd(s, mnistLike(s), MNIST_NETS, SIGMOID_MSE, DANTE_GRID, "0.1:0.3:1:3")),
            new Experiment("fig6", "Figure 6: cross-entropy loss with sigmoid and with Leaky ReLU hidden layers (softmax output), Figure 2's nets, MNIST",
                    "mnist (else fashion-mnist)", 60, List.of(IMAGE_BUDGET, WIDTHS, T_BATCH, PROTOCOL),
                    s -> {
                        List<ImageData> d = mnistLike(s).subList(0, 1);
                        List<Part> parts = new ArrayList<>();
                        for (String act : List.of("sigmoid", "leaky-relu:0.01")) {
                            List<String> model = List.of("--loss", "ce", "--activation", act);
                            String tag = act.startsWith("sigmoid") ? "sigmoid-" : "leaky-relu-";
                            for (Part p : danteVsSgd(s, d, MNIST_NETS, model, DANTE_GRID, act.startsWith("sigmoid") ? "0.03:0.1:0.3:1" : "0.01:0.03:0.1:0.3")) {
                                parts.add(new Part(tag + p.name(), p.title() + ", " + act + ", cross-entropy", p.data(), p.args()));
                            }
                        }
                        return parts;
                    }),
            new Experiment("table1", "Table 1: final test loss of DANTE, SGD, SGD+Adam, SGD+Adagrad, SGD+RMSProp, SGD+Momentum, DANTE+Momentum (MNIST)",
                    "mnist (else fashion-mnist)", 20, List.of(IMAGE_BUDGET, "the network (lost): 784-250-10, Leaky ReLU, MSE on one-hot targets", T_BATCH, PROTOCOL,
                            "momentum 0.9 for SGD+Momentum and DANTE+Momentum (the paper's \"MP = 0.0005\" for DANTE+Momentum reads as its learning rate)"),
                    s -> {
                        ImageData d = mnistLike(s).get(0);
                        List<String> a = with(common(s, d.name(), d.dir(), true), "--arch", arch(s, "net", "784,250,10"),
                                "--methods", "dante,sgd,adam,adagrad,rmsprop,momentum,dante-momentum", "--lr-grid",
                                String.join(",", grid(s, "dante", DANTE_GRID.split(":")), grid(s, "sgd", "0.003", "0.01", "0.03", "0.1"), grid(s, "adam", "0.0003", "0.001", "0.003"),
                                        grid(s, "adagrad", "0.001", "0.003", "0.01", "0.03"), grid(s, "rmsprop", "0.0001", "0.0003", "0.001"),
                                        grid(s, "momentum", "0.003", "0.01", "0.03", "0.1"), grid(s, "dante-momentum", "0.003", "0.01", "0.03", "0.1")));
                        a.addAll(LEAKY_MSE);
                        a.addAll(budget(s, 5));
                        return List.of(new Part("methods", "784-250-10 on " + d.label(), d.label(), a));
                    }),
            new Experiment("table2", "Table 2: SGD inside the alternation (SGD+AltMin) at three learning rates against DANTE (MNIST)",
                    "mnist (else fashion-mnist)", 3, List.of(IMAGE_BUDGET, "the network (lost): 784-250-10, Leaky ReLU, MSE on one-hot targets", T_BATCH, PROTOCOL,
                            "SGD+AltMin runs at the paper's three rates (0.001, 0.0005, 0.0001) and at two larger ones; the table reports each, and the protocol's choice among all five"),
                    s -> {
                        ImageData d = mnistLike(s).get(0);
                        List<String> a = with(common(s, d.name(), d.dir(), true), "--arch", arch(s, "net", "784,250,10"), "--methods", "dante,sgd-altmin",
                                "--lr-grid", grid(s, "dante", DANTE_GRID.split(":")) + "," + grid(s, "sgd-altmin", "0.0001", "0.0005", "0.001", "0.01", "0.1"), "--baseline", "sgd-altmin");
                        a.addAll(LEAKY_MSE);
                        a.addAll(budget(s, 5));
                        return List.of(new Part("altmin", "784-250-10 on " + d.label(), d.label(), a));
                    }),
            new Experiment("fig7", "Figure 7: DANTE's sensitivity to T (SNGD epochs per layer) against SGD (MNIST)", "mnist (else fashion-mnist)", 12,
                    List.of(IMAGE_BUDGET.replace("5 rounds of T = 1 for DANTE", "as many rounds as 5 epochs allow for each T (the budget is fixed in weights updated)"),
                            "the network (lost): 784-250-10, Leaky ReLU, MSE on one-hot targets", "T in 1, 2, 5 (full) or 1, 2 (--quick)", PROTOCOL,
                            "\"robust to T\" is read as: DANTE's mean test accuracy varies by less than one percentage point over T"),
                    s -> {
                        ImageData d = mnistLike(s).get(0);
                        int e = s.epochsOr(5);
                        List<Part> parts = new ArrayList<>();
                        for (int t : s.quick() ? new int[] {1, 2} : new int[] {1, 2, 5}) {
                            List<String> a = with(common(s, d.name(), d.dir(), true), "--arch", arch(s, "net", "784,250,10"),
                                    "--methods", t == 1 ? "dante,sgd" : "dante", "--lr-grid", grid(s, "dante", DANTE_GRID.split(":")) + "," + grid(s, "sgd", "0.003", "0.01", "0.03", "0.1"),
                                    "--epochs", Integer.toString(e), "--rounds", Integer.toString((e + t - 1) / t), "-T", Integer.toString(t), "--budget-epochs", Integer.toString(e));
                            a.addAll(LEAKY_MSE);
                            parts.add(new Part("T" + t, "784-250-10, T = " + t + ", on " + d.label(), d.label(), a));
                        }
                        return parts;
                    }),
            new Experiment("fig8", "Figure 8: DANTE vs AM-Adam (Choromanska et al.) vs Taylor et al.'s ADMM (MNIST, two nets)", "mnist (else fashion-mnist)", 40,
                    List.of(IMAGE_BUDGET.replace("5 backprop epochs for SGD and 5 rounds of T = 1 for DANTE, so equal weights updated (the paper plots against weights updated and gives no length)",
                                    "10 epochs for each method: DANTE 10 rounds of T = 1, AM-Adam 10 epochs of minibatches, ADMM 10 full-batch iterations (an ADMM iteration "
                                            + "updates every weight once from every example; the paper gives no length)"),
                            "the two networks (lost): 784-256-10 (one hidden layer, as our other experiments) and 784-100-100-10 (the AM-Adam authors' default feedforward net); "
                                    + "Leaky ReLU (0.01) hidden, softmax output, cross-entropy (AM-Adam's loss; ADMM's closed forms need a piecewise-linear activation); --arch one-hidden=… or two-hidden=… changes them",
                            "AM-Adam: the authors' defaults (μ = 0.003, 5 code steps at 0.3 with Nesterov momentum 0.9, one Adam step per layer, rates halved every 8 epochs), "
                                    + "its Adam rate chosen from 0.001..0.02; no batch normalization (the authors' default net has it; our networks have none)",
                            "ADMM: γ = 10, warm start of 5 iterations without the multiplier, ridge 1e-4 (our float stand-in for the pseudo-inverse), its penalty β chosen from 0.3, 1, 3 "
                                    + "on validation (shown as \"beta\" where the others show their learning rate); a second part runs ADMM alone for 50 iterations to see whether it peaks and becomes unstable",
                            T_BATCH, PROTOCOL + "; the baseline of the paired differences is DANTE"),
                    s -> {
                        ImageData d = mnistLike(s).get(0);
                        List<Part> parts = new ArrayList<>();
                        String e = Integer.toString(s.epochsOr(10)), longRun = Integer.toString(s.epochs() != null ? 5 * s.epochs() : s.quick() ? 3 : 50);
                        String admm = s.quick() ? "admm=1" : "admm=0.3:1:3";
                        for (Map.Entry<String, String> n : FIG8_NETS.entrySet()) {
                            String sizes = arch(s, n.getKey(), n.getValue());
                            List<String> a = with(common(s, d.name(), d.dir(), true), "--arch", sizes, "--methods", "dante,am-adam,admm", "--baseline", "dante",
                                    "--lr-grid", String.join(",", grid(s, "dante", DANTE_GRID.split(":")), grid(s, "am-adam", "0.001", "0.003", "0.008", "0.02"), admm),
                                    "--loss", "ce", "--activation", "leaky-relu:0.01", "--epochs", e, "--rounds", e, "-T", Integer.toString(s.tOr()));
                            parts.add(new Part(n.getKey(), sizes.replace(',', '-') + " on " + d.label(), d.label(), a));
                            List<String> l = with(common(s, d.name(), d.dir(), true), "--arch", sizes, "--methods", "admm", "--lr-grid", admm,
                                    "--loss", "ce", "--activation", "leaky-relu:0.01", "--epochs", longRun);
                            parts.add(new Part(n.getKey() + "-admm-long", sizes.replace(',', '-') + ", ADMM alone for " + longRun + " iterations, on " + d.label(), d.label(), l));
                        }
                        return parts;
                    }),
            new Experiment("table3", "Table 3: regression on Airfoil, Forest Fires, CCPP; final test error, DANTE vs SGD", "airfoil, forestfires, ccpp (bundled)", 1,
                    List.of("the network (not stated): d-32-1, Leaky ReLU (0.01) hidden, linear output, MSE", "a seeded 80/20 train/test split of each set, features standardized "
                            + "on the training part (UCI gives no split); 10 % of the training part chooses the learning rate",
                            "targets standardized on the training part (the errors are reported in standardized units and converted to min-max and max-abs units: "
                                    + "see 'which scaling' below); Forest Fires also with log1p(area), the transform its UCI page recommends",
                            "50 epochs / 50 rounds of T = 1 (full), batch 64", PROTOCOL),
                    s -> {
                        List<Part> parts = new ArrayList<>();
                        String e = Integer.toString(s.epochsOr(50));
                        for (String[] set : new String[][] {{"airfoil", "standardize"}, {"forestfires", "standardize"}, {"forestfires-log", "log1p+standardize"}, {"ccpp", "standardize"}}) {
                            String data = set[0].replace("-log", "");
                            List<String> a = with(common(s, data, null, false), "--target-scale", set[1], "--loss", "mse", "--activation", "leaky-relu:0.01",
                                    "--output-activation", "identity", "--methods", "dante,sgd", "--lr-grid",
                                    grid(s, "dante", "0.003", "0.01", "0.03", "0.1") + "," + grid(s, "sgd", "0.003", "0.01", "0.03", "0.1", "0.3"), "--epochs", e, "--rounds", e, "-T", Integer.toString(s.tOr()));
                            if (s.arch().containsKey(set[0])) a.addAll(List.of("--arch", s.arch().get(set[0])));
                            parts.add(new Part(set[0], data + ", targets " + set[1], data, a));
                        }
                        return parts;
                    }),
            new Experiment("table4", "Table 4: autoencoder (DANTE-AE vs SGD), then a linear SVM (LIBLINEAR) on the hidden layer; MNIST, Ionosphere, SVMGuide4, USPS, Vehicle",
                    "mnist (else fashion-mnist), ionosphere, vehicle (bundled); svmguide4, usps (--data-dir)", 10,
                    List.of("one hidden (bottleneck) layer: MNIST-like 784-256-784 (sigmoid output), the UCI/LIBSVM sets d-h-d with h ≈ 2/3 d (identity output on standardized features)",
                            "features standardized on the training part (svmguide4 and usps too, whose raw scales differ widely)", "the MNIST-like set: the first 5 000 training images (quick: 500), because LIBLINEAR's Java port takes minutes per C and class on 18 000 × 784; "
                                    + "10 epochs / 10 rounds per pair (full), batch 64",
                            "the autoencoder's learning rate chosen on validation reconstruction loss; the SVM is LIBLINEAR's L2-regularized L2-loss SVC "
                                    + "(primal solver), its C chosen from 0.01..100 on the labelled validation split; features standardized on the training part before the SVM",
                            "the SVM on the raw (standardized) features is reported as a floor", "sets without a standard split: the seeded 80/20 split every command uses"),
                    s -> {
                        List<Part> parts = new ArrayList<>();
                        ImageData d = mnistLike(s).get(0);
                        String e = Integer.toString(s.epochsOr(10));
                        List<String> img = with(common(s, d.name(), d.dir(), 5000), "--task", "autoencoder", "--arch", arch(s, d.name(), "784,256,784"),
                                "--activation", "leaky-relu:0.01", "--output-activation", "sigmoid", "--loss", "mse", "--methods", "dante-ae,sgd",
                                "--lr-grid", grid(s, "dante-ae", "0.03", "0.1", "0.3") + "," + grid(s, "sgd", "0.03", "0.3", "3"), "--epochs", e, "--rounds", e, "-T", Integer.toString(s.tOr()));
                        parts.add(new Part(d.name(), "784-256-784 autoencoder on " + d.label(), d.label(), img));
                        for (String[] set : new String[][] {{"ionosphere", "34,24,34"}, {"svmguide4", "10,8,10"}, {"usps", "256,128,256"}, {"vehicle", "18,12,18"}}) {
                            PaperData.Name n = PaperData.Name.parse(set[0]);
                            Path dir = PaperData.bundled(n) ? null : s.dataDir();
                            if (!PaperData.bundled(n) && !paperDataPresent(n, s.dataDir())) continue;
                            List<String> a = with(common(s, set[0], dir, false), "--task", "autoencoder", "--scale", "standardize", "--arch", arch(s, set[0], set[1]),
                                    "--activation", "leaky-relu:0.01", "--output-activation", "identity", "--loss", "mse", "--methods", "dante-ae,sgd",
                                    "--lr-grid", grid(s, "dante-ae", "0.03", "0.1", "0.3") + "," + grid(s, "sgd", "0.001", "0.003", "0.01", "0.03"),
                                    "--epochs", Integer.toString(s.epochsOr(50)), "--rounds", Integer.toString(s.epochsOr(50)), "-T", Integer.toString(s.tOr()));
                            parts.add(new Part(set[0], set[1].replace(',', '-') + " autoencoder on " + set[0], set[0], a));
                        }
                        return parts;
                    }),
            new Experiment("fig9", "Figure 9: test reconstructions (original / DANTE / SGD) of a ReLU autoencoder on MNIST, with their reconstruction errors",
                    "mnist (else fashion-mnist)", 10, List.of("784-256-784, ReLU hidden layer, sigmoid output, MSE; the first 20 000 training images (quick: 500); "
                            + "10 epochs / 10 rounds (full), batch 64; learning rates chosen on validation reconstruction loss",
                            "the grid shows the first test image of each class, from the first seed's model of each method's chosen rate"),
                    s -> {
                        ImageData d = mnistLike(s).get(0);
                        String e = Integer.toString(s.epochsOr(10));
                        List<String> a = with(common(s, d.name(), d.dir(), true), "--task", "autoencoder", "--arch", arch(s, "net", "784,256,784"),
                                "--activation", "relu", "--output-activation", "sigmoid", "--loss", "mse", "--methods", "dante-ae,sgd",
                                "--lr-grid", grid(s, "dante-ae", "0.03", "0.1", "0.3") + "," + grid(s, "sgd", "0.03", "0.3", "3"), "--epochs", e, "--rounds", e, "-T", Integer.toString(s.tOr()));
                        return List.of(new Part("relu-autoencoder", "784-256-784 ReLU autoencoder on " + d.label(), d.label(), a));
                    }));

    static Experiment byId(String id) {
        for (Experiment e : ALL) if (e.id().equals(id.trim().toLowerCase(Locale.ROOT))) return e;
        throw new IllegalArgumentException("reproduce: no experiment '" + id + "'; expected one of " + ALL.stream().map(Experiment::id).toList() + " or all (see --list)");
    }

    static boolean cifarPresent(Path dir) { return Cifar10.present(dir); }

    static boolean paperDataPresent(PaperData.Name n, Path dir) {
        if (PaperData.bundled(n)) return true;
        if (dir == null) return false;
        try {
            PaperData.load(dir, n).close();
            return true;
        } catch (RuntimeException e) {
            return false;
        }
    }

    /** Whether the data {@code e} needs is here; "" when it is, else what is missing. */
    static String missing(Experiment e, Path dir) {
        return switch (e.id()) {
            case "fig3" -> dir != null && (cifarPresent(dir) || Svhn.present(dir)) ? "" : "CIFAR-10 (cifar-10-batches-bin) or SVHN (train_32x32.mat, test_32x32.mat) under --data-dir";
            case "fig4" -> dir != null && TinyImageNet.present(dir) ? "" : "Tiny ImageNet (tiny-imagenet-200) under --data-dir";
            case "table3" -> "";
            case "table4" -> mnistLikePresent(dir) ? "" : "Fashion-MNIST (apt-get install dataset-fashion-mnist) or MNIST under --data-dir";
            default -> mnistLikePresent(dir) ? "" : "Fashion-MNIST (apt-get install dataset-fashion-mnist) or MNIST/KMNIST under --data-dir";
        };
    }
}

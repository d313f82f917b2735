package dante.cli.reproduce;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dante.cli.reproduce.Experiment.Part;
import dante.cli.reproduce.Experiment.Settings;
import dante.datasets.Cifar10;
import dante.datasets.FashionMnist;
import dante.datasets.PaperData;

/**
 * What the plans share: the image sets and their stand-ins, the nets, the arguments every part
 * passes to compare, the grids, and the choices several experiments make alike. Where the
 * paper lost a value (hidden widths of the deeper nets, T, batch size) a plan's choices say
 * what was chosen and why; every choice can be overridden from the command line.
 */
final class Plans {
    private Plans() {}

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
        int limit = image ? trainLimit(s, imageLimit) : 0;   // --train-limit is for the image sets only
        if (limit > 0) a.addAll(List.of("--train-limit", Integer.toString(limit)));
        if (s.quick() && image) a.addAll(List.of("--test-limit", "1000"));
        return a;
    }

    /** A learning-rate grid: the whole grid, or its smallest rate under --quick (the least likely to diverge on any data). */
    static String grid(Settings s, String method, String... rates) {
        return method + "=" + (s.quick() ? rates[0] : String.join(":", rates));
    }

    static String arch(Settings s, String part, String dflt) { return s.arch().getOrDefault(part, dflt); }

    static List<String> with(List<String> a, String... more) {
        List<String> out = new ArrayList<>(a);
        out.addAll(List.of(more));
        return out;
    }

    static List<String> budget(Settings s, int full) {
        String e = Integer.toString(s.epochsOr(full));
        return List.of("--epochs", e, "--rounds", e, "-T", Integer.toString(s.tOr()));
    }

    /** DANTE against SGD on each net: the shape of Figures 2, 3, 4 and 5. */
    static List<Part> danteVsSgd(Settings s, List<ImageData> sets, Map<String, String> nets, List<String> model, String danteGrid, String sgdGrid) {
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

    /** An image set's training images under these settings: --train-limit, else 500 under --quick, else {@code imageLimit} (0: all). */
    static int trainLimit(Settings s, int imageLimit) { return s.trainLimit() != null ? s.trainLimit() : s.quick() ? 500 : imageLimit; }

    /** What an image set's part reads under these settings, as a choice states it ({@link #common} passes the same limits). */
    static String images(Settings s, int imageLimit) {
        int limit = trainLimit(s, imageLimit);
        String train = limit == 0 ? "every training image (a tenth held out to choose on)"
                : "the first " + spaced(limit) + " training images (" + spaced(limit - limit / 10) + " to train, " + spaced(limit / 10) + " to choose on)";
        return train + (s.quick() ? " and the first 1 000 test images" : " and the whole test set");
    }

    /** The image budget's choice: what the parts read, then {@code training}, how long each method trains. */
    static String imageBudget(Settings s, String training) {
        return images(s, 20000) + "; " + training + "; --train-limit 0 and --epochs change this";
    }

    /** DANTE against backprop at {@link #budget}'s length: E epochs against E rounds of T. */
    static String equalWeights(Settings s) {
        int e = s.epochsOr(5), t = s.tOr();
        return count(e, "backprop epoch") + " for SGD and " + count(e, "round") + " of T = " + t + " for DANTE, "
                + (t == 1 ? "so equal weights updated" : "so DANTE updates " + t + " times the weights SGD does")
                + " (the paper plots against weights updated and gives no length)";
    }

    /** {@link #T_BATCH}, with what this run passed where -T or --batch replaced them. */
    static String tBatch(Settings s) {
        return T_BATCH + (s.t() == null && s.batch() == null ? "" : " (this run: T = " + s.tOr() + ", batch " + s.batchOr() + ")");
    }

    /** {@return n and the noun, plural unless n is 1: "5 epochs", "1 epoch"} */
    static String count(int n, String noun) { return n + " " + noun + (n == 1 ? "" : "s"); }

    static String spaced(int n) { return String.format(java.util.Locale.ROOT, "%,d", n).replace(',', ' '); }

    static final String WIDTHS = "hidden widths of the deeper nets (lost in the paper): 256 per hidden layer, as in our other experiments; --arch PART=SIZES changes one";
    static final String T_BATCH = "T = 1 (the value the paper chose is lost; docs/ABLATION.md found T = 1 best) and batch 64 "
            + "(the paper states none; the 2017 code used 500, which docs/ABLATION.md found worse for both methods); -T and --batch change them";
    static final String SGD_SCALE = "SGD's grid shrinks with the input's squared norm (about 8× MNIST's for 3072 colour inputs, 30× for 12288), "
            + "the step size at which SGD stays stable; DANTE's normalized step needs no such change";
    static final String PROTOCOL = "learning rates chosen per method on a 10 % validation split (constant η, as in the paper), several seeds, "
            + "every run records its test metrics, only validation values choose; a grid grows past its edge (up to two rates) when the choice sits on it";

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

}

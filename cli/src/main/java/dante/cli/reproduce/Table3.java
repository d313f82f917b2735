package dante.cli.reproduce;

import static dante.cli.reproduce.Plans.*;
import static dante.cli.reproduce.Verdicts.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import dante.core.data.Dataset;
import dante.core.protocol.Protocol;
import dante.core.protocol.Stats;
import dante.datasets.TargetScaling;

/** Table 3: regression on Airfoil, Forest Fires, CCPP; final test error, DANTE vs SGD. */
final class Table3 extends Experiment {
    Table3() {
        super("table3", "Table 3: regression on Airfoil, Forest Fires, CCPP; final test error, DANTE vs SGD", "airfoil, forestfires, ccpp (bundled)", 1,
            s -> List.of("the network (not stated): d-32-1, Leaky ReLU (0.01) hidden, linear output, MSE", "a seeded 80/20 train/test split of each set, features standardized "
                    + "on the training part (UCI gives no split); 10 % of the training part chooses the learning rate",
                    "targets standardized on the training part (the errors are reported in standardized units and converted to min-max and max-abs units: "
                            + "see 'which scaling' below); Forest Fires also with log1p(area), the transform its UCI page recommends",
                    count(s.epochsOr(50), "epoch") + " / " + count(s.epochsOr(50), "round") + " of T = " + s.tOr() + ", batch " + s.batchOr(), PROTOCOL));
    }

    @Override
    public List<Part> plan(Settings s) {
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
    }

    private static final Map<String, double[]> TABLE3 = Map.of("airfoil", new double[] {0.066852, 0.069338}, "forestfires", new double[] {0.024988, 0.029008},
            "ccpp", new double[] {0.000283, 0.0003009});

    @Override
    public List<Row> judge(Settings s, List<Done> done, Bench bench, StringBuilder extra) {
        List<Judged> judged = new ArrayList<>();
        extra.append("\n## Which scaling the paper's errors suggest\n\nOur errors are test MSE on targets scaled as the part says; a linear rescaling of the targets "
                + "rescales MSE by its square, so the same models' errors are shown in other units too (min-max: divided by the training range squared; "
                + "max-abs: by the largest |target| squared; raw: the data's own units). The unit closest to the paper's numbers (in ratio) is marked ◀.\n\n"
                + "| part | paper DANTE / SGD | ours DANTE / SGD, as trained | min-max units | max-abs units | raw units |\n|---|---|---|---|---|---|\n");
        for (Done d : done) {
            Protocol.Outcome o = d.outcome();
            String set = d.part().data();
            double[] paper = TABLE3.get(set);
            judged.add(versus(d.part().name() + " (" + d.part().title() + ")", "DANTE " + plain(paper[0]) + " < SGD " + plain(paper[1]), o, "dante", "sgd", Claim.AHEAD_AT_END));
            double[] a = Protocol.values(o.of("dante"), Protocol.Metric.TEST_LOSS, 1.0), b = Protocol.values(o.of("sgd"), Protocol.Metric.TEST_LOSS, 1.0);
            double[] stats = targetStats(bench, d);    // sd in trained units → factors
            double[] unit = {1, stats[0], stats[1], stats[2]};
            double bestRatio = Double.POSITIVE_INFINITY;
            int best = 0;
            for (int u = 0; u < unit.length; u++) {
                double r = Math.abs(Math.log(Stats.mean(a) * unit[u] / paper[0]));
                if (r < bestRatio) { bestRatio = r; best = u; }
            }
            extra.append("| ").append(d.part().name()).append(" | ").append(plain(paper[0])).append(" / ").append(plain(paper[1]));
            for (int u = 0; u < unit.length; u++) {
                extra.append(" | ").append(String.format(Locale.ROOT, "%.3g / %.3g", Stats.mean(a) * unit[u], Stats.mean(b) * unit[u])).append(u == best ? " ◀" : "");
            }
            extra.append(" |\n");
        }
        return withHolm(judged, "data sets");
    }

    /** For a table3 part: factors turning an MSE in trained units into min-max, max-abs and raw units. */
    private static double[] targetStats(Bench bench, Done d) {
        try (Bench.PartData data = bench.data(d.part(), List.of())) {
            TargetScaling ts = data.targetScaling();
            double min = Double.POSITIVE_INFINITY, max = Double.NEGATIVE_INFINITY, maxAbs = 0;
            for (Dataset part : new Dataset[] {data.train(), data.validation()}) {
                if (part == null) continue;
                for (int i = 0; i < part.size(); i++) {
                    double y = ts.invert(part.targets().get(i, 0));
                    double f = ts.log1p() ? Math.log1p(y) : y;
                    min = Math.min(min, f);
                    max = Math.max(max, f);
                    maxAbs = Math.max(maxAbs, Math.abs(f));
                }
            }
            double sc = ts.scale();
            return new double[] {sc * sc / ((max - min) * (max - min)), sc * sc / (maxAbs * maxAbs), ts.log1p() ? Double.NaN : sc * sc};
        }
    }

    @Override
    public String missing(Path dataDir) { return ""; }          // bundled
}

package dante.cli.reproduce;

import static dante.cli.reproduce.Plans.*;
import static dante.cli.reproduce.Verdicts.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dante.core.protocol.Protocol;
import dante.core.protocol.Stats;

/** Figure 7: DANTE's sensitivity to T (SNGD epochs per layer) against SGD (MNIST). */
final class Fig7 extends Experiment {
    Fig7() {
        super("fig7", "Figure 7: DANTE's sensitivity to T (SNGD epochs per layer) against SGD (MNIST)", "mnist (else fashion-mnist)", 12,
            List.of(IMAGE_BUDGET.replace("5 rounds of T = 1 for DANTE", "as many rounds as 5 epochs allow for each T (the budget is fixed in weights updated)"),
                    "the network (lost): 784-250-10, Leaky ReLU, MSE on one-hot targets", "T in 1, 2, 5 (full) or 1, 2 (--quick)", PROTOCOL,
                    "\"robust to T\" is read as: DANTE's mean test accuracy varies by less than one percentage point over T"));
    }

    @Override
    public List<Part> plan(Settings s) {
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
    }

    /** The verdict pairs every T with the first part's SGD. */
    @Override
    public boolean needsAllParts() { return true; }

    @Override
    public List<Row> judge(Settings s, List<Done> done, Bench bench, StringBuilder extra) {
        Protocol.Metric m = Protocol.Metric.TEST_ACCURACY;
        Protocol.Selection sgd = done.get(0).outcome().of("sgd");
        double[] vs = Protocol.values(sgd, m, 1.0);
        List<Row> rows = new ArrayList<>();
        double lo = Double.POSITIVE_INFINITY, hi = Double.NEGATIVE_INFINITY;
        for (Done d : done) {
            Protocol.Selection dante = d.outcome().of("dante");
            double[] v = Protocol.values(dante, m, 1.0);
            lo = Math.min(lo, Stats.mean(v));
            hi = Math.max(hi, Stats.mean(v));
            Protocol.Difference x = Protocol.paired(v, vs, m);
            rows.add(new Row("DANTE with " + d.part().name().replace("T", "T = ") + " against SGD", "DANTE ahead of SGD for every T",
                    "test accuracy " + pm(v, 4) + " (" + dante.chosen().label() + ") vs SGD " + pm(vs, 4) + "; " + x.describe(4), verdict(x, "dante", "sgd")));
        }
        double spread = hi - lo;
        boolean one = done.get(0).outcome().seeds().size() < 2;
        rows.add(new Row("DANTE robust to T", "\"fairly robust to changes in T\"", String.format(Locale.ROOT, "mean test accuracy spans %.4f over T (%.4f..%.4f)", spread, lo, hi),
                one ? "no verdict (one seed)" : spread < 0.01 ? "reproduced (spread under one point)" : "not reproduced (spread of " + String.format(Locale.ROOT, "%.1f", 100 * spread) + " points)"));
        return rows;
    }
}

package dante.cli.reproduce;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dante.cli.reproduce.Experiment.Done;
import dante.cli.reproduce.Experiment.Row;
import dante.core.protocol.Protocol;
import dante.core.protocol.Stats;

/** How the experiments read an outcome: a paired comparison at the budget's end and at a quarter of it, the verdict on a claim, and the numbers' formats. */
final class Verdicts {
    private Verdicts() {}

    /** Figures 2–6: DANTE against SGD on each part. */
    static List<Row> danteVsSgd(List<Done> done) {
        List<Row> rows = new ArrayList<>();
        String claim = "DANTE: higher test accuracy, lower training and test loss than SGD; where final losses tie, DANTE gets there faster";
        for (Done d : done) rows.add(versus(d.part().name() + " (" + d.part().title() + ")", claim, d.outcome(), "dante", "sgd"));
        return rows;
    }

    /** a against b on the test metric at the whole budget, and at a quarter of it (the "faster" claim). */
    static Row versus(String item, String claim, Protocol.Outcome o, String a, String b) {
        boolean cls = o.classification();
        Protocol.Metric m = cls ? Protocol.Metric.TEST_ACCURACY : Protocol.Metric.TEST_LOSS;
        int digits = cls ? 4 : 5;
        Protocol.Selection sa = o.of(a), sb = o.of(b);
        double[] va = Protocol.values(sa, m, 1.0), vb = Protocol.values(sb, m, 1.0);
        Protocol.Difference d = Protocol.paired(va, vb, m);
        Protocol.Difference q = Protocol.paired(Protocol.values(sa, m, 0.25), Protocol.values(sb, m, 0.25), m);
        Protocol.Difference tl = Protocol.paired(Protocol.values(sa, Protocol.Metric.TRAIN_LOSS, 1.0), Protocol.values(sb, Protocol.Metric.TRAIN_LOSS, 1.0), Protocol.Metric.TRAIN_LOSS);
        String ours = String.format(Locale.ROOT, "%s: %s %s (%s) vs %s %s (%s); difference %s; at 25 %% of the budget %s; training loss %s", m.label, a, pm(va, digits),
                sa.chosen().label(), b, pm(vb, digits), sb.chosen().label(), d.describe(digits), q.describe(digits), tl.describe(5));
        return new Row(item, claim, ours, verdict(d, a, b));
    }

    /** The verdict on the claim "a is better than b". */
    static String verdict(Protocol.Difference d, String a, String b) {
        return switch (d.verdict()) {
            case "better" -> "reproduced";
            case "worse" -> "not reproduced: " + b + " is better";
            case "one seed" -> "no verdict (one seed)";
            default -> "not reproduced: no difference at 95 %";
        };
    }

    /**
     * An MSE as the paper's Torch code reports it (MSECriterion averages over the outputs too) beside ours (summed over the
     * outputs, averaged over examples): "0.0851 ± 0.0012 per output (0.851 ± 0.012 summed)".
     */
    static String perOutput(double[] v, int outputs) {
        double[] w = v.clone();
        for (int i = 0; i < w.length; i++) w[i] /= outputs;
        return pm(w, 5) + " per output (" + pm(v, 4) + " summed over " + outputs + ")";
    }

    /** Tables 1 and 2 run 10-class nets. */
    static final int OUTPUTS = 10;

    static String name(String method) {
        return switch (method) {
            case "dante" -> "DANTE";
            case "sgd" -> "SGD";
            case "adam" -> "SGD+Adam";
            case "adagrad" -> "SGD+Adagrad";
            case "rmsprop" -> "SGD+RMSProp";
            case "momentum" -> "SGD+Momentum";
            case "dante-momentum" -> "DANTE+Momentum";
            default -> method;
        };
    }

    static String pm(double[] v, int digits) {
        double mean = Stats.mean(v), sd = Stats.sd(v);
        if (Double.isNaN(mean)) return "—";
        String f = "%." + digits + "f";
        return Double.isNaN(sd) || v.length < 2 ? String.format(Locale.ROOT, f, mean) : String.format(Locale.ROOT, f + " ± " + f, mean, sd);
    }

    static String plain(double v) { return java.math.BigDecimal.valueOf(v).toPlainString(); }

    static String minutes(double secs) {
        return secs < 90 ? String.format(Locale.ROOT, "%.0f s", secs) : String.format(Locale.ROOT, "%.1f min", secs / 60);
    }
}

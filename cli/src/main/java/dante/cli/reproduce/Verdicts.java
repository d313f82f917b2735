package dante.cli.reproduce;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import dante.cli.reproduce.Experiment.Done;
import dante.cli.reproduce.Experiment.Row;
import dante.core.protocol.Protocol;
import dante.core.protocol.Stats;

/**
 * How the experiments read an outcome: a paired comparison at the budget's end and earlier, the verdict
 * on a claim judged where the claim is made, Holm's correction across a figure's rows, and the numbers' formats.
 */
final class Verdicts {
    private Verdicts() {}

    /** The family-wise level of every correction for multiple comparisons. */
    static final double ALPHA = 0.05;

    /** What a row's claim asserts, so the verdict judges it where it is made. */
    enum Claim {
        /** a ends ahead of b. */
        AHEAD_AT_END,
        /** a ends ahead of b, or, where they end tied, gets there faster: ahead at 25 % or 50 % of the budget (Holm over the two points). */
        AHEAD_OR_FASTER,
        /** The paper shows the curves and claims no winner: the comparison is reported without a verdict. */
        NONE
    }

    /**
     * A row with what a correction across a figure's rows needs: the p-value of the comparison
     * that decided its verdict (NaN when none did) and whether it went the claimed way.
     */
    record Judged(Row row, double p, boolean claimedWay) {}

    private static final String FIG2_CLAIM = "DANTE: higher test accuracy, lower training and test loss than SGD; where final losses tie, DANTE gets there faster";

    /** Figures 2–5: DANTE against SGD on each part, judged at the end or earlier (the "faster" claim), with Holm's correction over the parts. */
    static List<Row> danteVsSgd(List<Done> done) {
        List<Judged> rows = new ArrayList<>();
        for (Done d : done) rows.add(versus(d.part().name() + " (" + d.part().title() + ")", FIG2_CLAIM, d.outcome(), "dante", "sgd", Claim.AHEAD_OR_FASTER));
        return withHolm(rows, "parts");
    }

    /**
     * a against b on the test metric at the whole budget, at 25 % and 50 % of it, and on the
     * training loss, with the verdict on {@code claim}. A classifier that trained at none of its
     * rates (see {@link Protocol#didNotTrain}) makes the comparison inconclusive.
     */
    static Judged versus(String item, String claim, Protocol.Outcome o, String a, String b, Claim kind) {
        boolean cls = o.classification();
        Protocol.Metric m = cls ? Protocol.Metric.TEST_ACCURACY : Protocol.Metric.TEST_LOSS;
        int digits = cls ? 4 : 5;
        Protocol.Selection sa = o.of(a), sb = o.of(b);
        double[] va = Protocol.values(sa, m, 1.0), vb = Protocol.values(sb, m, 1.0);
        Protocol.Difference d = Protocol.paired(va, vb, m);
        Protocol.Difference q = Protocol.paired(Protocol.values(sa, m, 0.25), Protocol.values(sb, m, 0.25), m);
        Protocol.Difference h = Protocol.paired(Protocol.values(sa, m, 0.5), Protocol.values(sb, m, 0.5), m);
        Protocol.Difference tl = Protocol.paired(Protocol.values(sa, Protocol.Metric.TRAIN_LOSS, 1.0), Protocol.values(sb, Protocol.Metric.TRAIN_LOSS, 1.0), Protocol.Metric.TRAIN_LOSS);
        String ours = String.format(Locale.ROOT, "%s: %s %s (%s) vs %s %s (%s); difference %s; at 25 %% of the budget %s; at 50 %% %s; training loss %s", m.label, a, pm(va, digits),
                sa.chosen().label(), b, pm(vb, digits), sb.chosen().label(), d.describe(digits), q.describe(digits), h.describe(digits), tl.describe(5));
        if (kind == Claim.NONE) return new Judged(new Row(item, claim, ours, "— (the paper presents the curves and claims no winner)"), Double.NaN, false);
        for (String x : List.of(b, a)) {
            if (Protocol.didNotTrain(o.of(x), o.selectOn())) {
                return new Judged(new Row(item, claim, ours, "inconclusive: " + x + " did not train (its accuracy ended less than " + Protocol.TRAINED_GAIN
                        + " above its start at every rate tried)"), Double.NaN, false);
            }
        }
        if (d.verdict().equals("one seed")) return new Judged(new Row(item, claim, ours, "no verdict (one seed)"), Double.NaN, false);
        if (!d.verdict().equals("not distinguishable") || kind == Claim.AHEAD_AT_END) {
            return new Judged(new Row(item, claim, ours, verdict(d, a, b)), d.p(), d.verdict().equals("better"));
        }
        // tied at the end: the claim "gets there faster" is judged where it is made, at 25 % and 50 % (Holm over the two)
        Protocol.Difference[] early = {q, h};
        boolean[] reject = Stats.holm(new double[] {q.p(), h.p()}, ALPHA);
        for (int i = 0; i < 2; i++) {
            if (reject[i] && early[i].verdict().equals("better")) {
                return new Judged(new Row(item, claim, ours, "reproduced: ahead at " + (i == 0 ? 25 : 50) + " % of the budget (faster), not distinguishable at its end"),
                        Math.min(1, 2 * Math.min(q.p(), h.p())), true);
            }
        }
        return new Judged(new Row(item, claim, ours, "not reproduced: no difference at 95 % at the end, nor ahead at 25 % or 50 % of the budget"), d.p(), false);
    }

    /**
     * The rows with each verdict also corrected for multiple comparisons: Holm's step-down over
     * the rows that have a p-value, at {@value #ALPHA} family-wise.
     */
    static List<Row> withHolm(List<Judged> rows, String family) {
        double[] p = rows.stream().mapToDouble(Judged::p).toArray();
        long n = java.util.Arrays.stream(p).filter(x -> !Double.isNaN(x)).count();
        boolean[] reject = Stats.holm(p, ALPHA);
        List<Row> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            Row r = rows.get(i).row();
            if (Double.isNaN(p[i]) || n < 2) { out.add(r); continue; }
            String corrected = reject[i] ? rows.get(i).claimedWay() ? "holds" : "fails (significantly the other way)" : "not significant";
            out.add(new Row(r.item(), r.paper(), r.ours(), r.verdict() + String.format(Locale.ROOT, "; with Holm's correction over the %d %s: %s", n, family, corrected)));
        }
        return out;
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

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
            s -> List.of(imageBudget(s, count(s.epochsOr(5), "backprop epoch") + " for SGD and as many rounds as " + count(s.epochsOr(5), "epoch") + " allow for each T "
                            + "(the budget is fixed in weights updated), so equal weights updated (the paper plots against weights updated and gives no length)"),
                    "the network (lost): 784-250-10, Leaky ReLU, MSE on one-hot targets", "T in 1, 2, 5 (full) or 1, 2 (--quick); batch " + s.batchOr() + " (--batch changes it)", PROTOCOL,
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

    /** The margin of "robust to T": a point of test accuracy. */
    static final double MARGIN = 0.01;

    /**
     * DANTE against SGD for each T (Holm over the T values), and "robust to T" as an
     * equivalence: DANTE at each T against DANTE at T = 1, paired by seed, whose 95 % interval
     * must lie within ±{@value #MARGIN}; one lying wholly beyond it refutes the claim; anything
     * between is inconclusive.
     */
    @Override
    public List<Row> judge(Settings s, List<Done> done, Bench bench, StringBuilder extra) {
        Protocol.Metric m = Protocol.Metric.TEST_ACCURACY;
        Protocol.Selection sgd = done.get(0).outcome().of("sgd");
        double[] vs = Protocol.values(sgd, m, 1.0), v1 = Protocol.values(done.get(0).outcome().of("dante"), m, 1.0);
        List<Judged> rows = new ArrayList<>();
        boolean equivalent = true, differs = false;
        StringBuilder spreads = new StringBuilder();
        for (Done d : done) {
            Protocol.Selection dante = d.outcome().of("dante");
            double[] v = Protocol.values(dante, m, 1.0);
            Protocol.Difference x = Protocol.paired(v, vs, m);
            rows.add(new Judged(new Row("DANTE with " + d.part().name().replace("T", "T = ") + " against SGD", "DANTE ahead of SGD for every T",
                    "test accuracy " + pm(v, 4) + " (" + dante.chosen().label() + ") vs SGD " + pm(vs, 4) + "; " + x.describe(4), verdict(x, "dante", "sgd")),
                    x.p(), x.verdict().equals("better")));
            if (d == done.get(0)) continue;
            Protocol.Difference e = Protocol.paired(v, v1, m);
            spreads.append(spreads.isEmpty() ? "" : "; ").append(d.part().name().replace("T", "T = ")).append(" − T = 1: ").append(e.describe(4));
            equivalent &= e.n() >= 2 && e.low() > -MARGIN && e.high() < MARGIN;
            differs |= e.n() >= 2 && (e.low() > MARGIN || e.high() < -MARGIN);
        }
        List<Row> out = new ArrayList<>(withHolm(rows, "values of T"));
        boolean one = done.get(0).outcome().seeds().size() < 2;
        out.add(new Row("DANTE robust to T", "\"fairly robust to changes in T\"", "DANTE's test accuracy against T = 1, paired by seed: " + spreads,
                one ? "no verdict (one seed)" : equivalent ? "reproduced (equivalent within ±" + MARGIN + " at 95 %)"
                        : differs ? "not reproduced (a T differs by more than " + MARGIN + ", interval and all)"
                        : "inconclusive: the intervals are too wide to show equivalence within ±" + MARGIN));
        return out;
    }
}

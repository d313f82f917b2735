package dante.cli.reproduce;

import static dante.cli.reproduce.Plans.*;
import static dante.cli.reproduce.Verdicts.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dante.core.protocol.Protocol;
import dante.core.protocol.Stats;

/** Table 1: final test loss of DANTE, SGD, SGD+Adam, SGD+Adagrad, SGD+RMSProp, SGD+Momentum, DANTE+Momentum (MNIST). */
final class Table1 extends Experiment {
    Table1() {
        super("table1", "Table 1: final test loss of DANTE, SGD, SGD+Adam, SGD+Adagrad, SGD+RMSProp, SGD+Momentum, DANTE+Momentum (MNIST)",
            "mnist (else fashion-mnist)", 20, s -> List.of(imageBudget(s, equalWeights(s)), "the network (lost): 784-250-10, Leaky ReLU, MSE on one-hot targets", tBatch(s), PROTOCOL,
                    "momentum 0.9 for SGD+Momentum and DANTE+Momentum (the paper's \"MP = 0.0005\" for DANTE+Momentum reads as its learning rate)"));
    }

    @Override
    public List<Part> plan(Settings s) {
        ImageData d = mnistLike(s).get(0);
        List<String> a = with(common(s, d.name(), d.dir(), true), "--arch", arch(s, "net", "784,250,10"),
                "--methods", "dante,sgd,adam,adagrad,rmsprop,momentum,dante-momentum", "--lr-grid",
                String.join(",", grid(s, "dante", DANTE_GRID.split(":")), grid(s, "sgd", "0.003", "0.01", "0.03", "0.1"), grid(s, "adam", "0.0003", "0.001", "0.003"),
                        grid(s, "adagrad", "0.001", "0.003", "0.01", "0.03"), grid(s, "rmsprop", "0.0001", "0.0003", "0.001"),
                        grid(s, "momentum", "0.003", "0.01", "0.03", "0.1"), grid(s, "dante-momentum", "0.003", "0.01", "0.03", "0.1")));
        a.addAll(LEAKY_MSE);
        a.addAll(budget(s, 5));
        return List.of(new Part("methods", "784-250-10 on " + d.label(), d.label(), a));
    }

    private static final Map<String, String> TABLE1 = Map.of("dante", "0.030775", "sgd", "0.031126", "adam", "0.021704", "adagrad", "0.021896",
            "rmsprop", "0.021953", "momentum", "0.021497", "dante-momentum", "0.020816");

    @Override
    public List<Row> judge(Settings s, List<Done> done, Bench bench, StringBuilder extra) {
        Done d = done.get(0);
        Protocol.Outcome o = d.outcome();
        List<Row> rows = new ArrayList<>();
        Protocol.Metric m = Protocol.Metric.TEST_LOSS;
        for (Protocol.Selection sel : o.selections()) {
            rows.add(new Row("final test loss, " + name(sel.method()), TABLE1.get(sel.method()), perOutput(Protocol.values(sel, m, 1.0), OUTPUTS) + " (" + sel.chosen().label() + ")", "—"));
        }
        Protocol.Difference ds = Protocol.paired(Protocol.values(o.of("dante"), m, 1.0), Protocol.values(o.of("sgd"), m, 1.0), m);
        rows.add(new Row("DANTE's test loss below SGD's", "0.030775 < 0.031126", ds.describe(5), verdict(ds, "dante", "sgd")));
        Protocol.Selection dm = o.of("dante-momentum");
        // "the lowest of all seven": DANTE+Momentum below each of the six others, Holm over the six paired tests
        List<Protocol.Selection> others = o.selections().stream().filter(x -> x != dm).toList();
        Protocol.Difference[] x = new Protocol.Difference[others.size()];
        double[] p = new double[others.size()];
        for (int i = 0; i < x.length; i++) {
            x[i] = Protocol.paired(Protocol.values(dm, m, 1.0), Protocol.values(others.get(i), m, 1.0), m);
            p[i] = x[i].p();
        }
        boolean[] reject = Stats.holm(p, ALPHA);
        List<String> below = new ArrayList<>(), above = new ArrayList<>(), tied = new ArrayList<>();
        StringBuilder diffs = new StringBuilder();
        boolean oneSeed = false;
        for (int i = 0; i < x.length; i++) {
            String n = name(others.get(i).method());
            diffs.append("; − ").append(n).append(" ").append(x[i].describe(5));
            oneSeed |= x[i].n() < 2;
            if (reject[i] && x[i].verdict().equals("better")) below.add(n);
            else if (reject[i] && x[i].verdict().equals("worse")) above.add(n);
            else tied.add(n);
        }
        String v = oneSeed ? "no verdict (one seed)" : !above.isEmpty() ? "not reproduced: significantly lower for " + String.join(", ", above) + " (Holm over the six)"
                : tied.isEmpty() ? "reproduced (below each of the six, Holm over the six)"
                : "inconclusive: not distinguishable from " + String.join(", ", tied) + " after Holm's correction over the six";
        rows.add(new Row("DANTE+Momentum lowest of all seven", "0.020816, the lowest", "DANTE+Momentum " + perOutput(Protocol.values(dm, m, 1.0), OUTPUTS) + diffs, v));
        return rows;
    }
}

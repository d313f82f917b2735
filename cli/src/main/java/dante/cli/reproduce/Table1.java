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
            "mnist (else fashion-mnist)", 20, List.of(IMAGE_BUDGET, "the network (lost): 784-250-10, Leaky ReLU, MSE on one-hot targets", T_BATCH, PROTOCOL,
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
        double best = Stats.mean(Protocol.values(dm, m, 1.0));
        List<String> lower = new ArrayList<>(), tied = new ArrayList<>();
        int oneSeed = 0;
        for (Protocol.Selection sel : o.selections()) {
            if (sel == dm) continue;
            if (Stats.mean(Protocol.values(sel, m, 1.0)) < best) lower.add(name(sel.method()));
            Protocol.Difference x = Protocol.paired(Protocol.values(dm, m, 1.0), Protocol.values(sel, m, 1.0), m);
            if (x.verdict().equals("not distinguishable")) tied.add(name(sel.method()));
            if (x.verdict().equals("one seed")) oneSeed++;
        }
        String v = oneSeed > 0 ? "no verdict (one seed)" : !lower.isEmpty() ? "not reproduced: lower mean for " + String.join(", ", lower)
                : tied.isEmpty() ? "reproduced" : "not reproduced: lowest mean, but not distinguishable from " + String.join(", ", tied);
        rows.add(new Row("DANTE+Momentum lowest of all seven", "0.020816, the lowest", "DANTE+Momentum " + perOutput(Protocol.values(dm, m, 1.0), OUTPUTS), v));
        return rows;
    }
}

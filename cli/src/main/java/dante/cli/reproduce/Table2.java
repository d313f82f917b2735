package dante.cli.reproduce;

import static dante.cli.reproduce.Plans.*;
import static dante.cli.reproduce.Verdicts.*;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import dante.core.protocol.Protocol;

/** Table 2: SGD inside the alternation (SGD+AltMin) at three learning rates against DANTE (MNIST). */
final class Table2 extends Experiment {
    Table2() {
        super("table2", "Table 2: SGD inside the alternation (SGD+AltMin) at three learning rates against DANTE (MNIST)",
            "mnist (else fashion-mnist)", 3, s -> List.of(imageBudget(s, equalWeights(s)), "the network (lost): 784-250-10, Leaky ReLU, MSE on one-hot targets", tBatch(s), PROTOCOL,
                    "SGD+AltMin runs at the paper's three rates (0.001, 0.0005, 0.0001) and at two larger ones; the table reports each, and the protocol's choice among all five"));
    }

    @Override
    public List<Part> plan(Settings s) {
        ImageData d = mnistLike(s).get(0);
        List<String> a = with(common(s, d.name(), d.dir(), true), "--arch", arch(s, "net", "784,250,10"), "--methods", "dante,sgd-altmin",
                "--lr-grid", grid(s, "dante", DANTE_GRID.split(":")) + "," + grid(s, "sgd-altmin", "0.0001", "0.0005", "0.001", "0.01", "0.1"), "--baseline", "sgd-altmin");
        a.addAll(LEAKY_MSE);
        a.addAll(budget(s, 5));
        return List.of(new Part("altmin", "784-250-10 on " + d.label(), d.label(), a));
    }

    @Override
    public List<Row> judge(Settings s, List<Done> done, Bench bench, StringBuilder extra) {
        Done d = done.get(0);
        Protocol.Outcome o = d.outcome();
        Protocol.Metric m = Protocol.Metric.TEST_LOSS;
        double[] dante = Protocol.values(o.of("dante"), m, 1.0);
        List<Row> rows = new ArrayList<>();
        Map<String, String> paper = Map.of("0.001", "0.032912", "5.0E-4", "0.035567", "1.0E-4", "0.044911");
        for (Protocol.Tried tr : o.of("sgd-altmin").tried()) {
            double[] v = Protocol.finalValues(tr.runs(), m);
            Protocol.Difference x = Protocol.paired(dante, v, m);
            String p = paper.get(Float.toString(tr.config().learningRate()));
            rows.add(new Row("SGD+AltMin, lr " + tr.config().learningRate() + (tr.config().equals(o.of("sgd-altmin").chosen()) ? " (chosen on validation)" : ""),
                    p == null ? "— (not in the paper)" : p + " (DANTE 0.030775)", "SGD+AltMin " + perOutput(v, OUTPUTS) + " vs DANTE " + perOutput(dante, OUTPUTS) + " (" + o.of("dante").chosen().label()
                    + "); DANTE − SGD+AltMin " + x.describe(5), p == null && !tr.config().equals(o.of("sgd-altmin").chosen()) ? "—" : verdict(x, "dante", "sgd-altmin")));
        }
        return rows;
    }
}

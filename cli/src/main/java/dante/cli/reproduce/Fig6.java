package dante.cli.reproduce;

import static dante.cli.reproduce.Plans.*;
import static dante.cli.reproduce.Verdicts.*;

import java.util.ArrayList;
import java.util.List;

/** Figure 6: cross-entropy loss with sigmoid and with Leaky ReLU hidden layers (softmax output), Figure 2's nets, MNIST. */
final class Fig6 extends Experiment {
    Fig6() {
        super("fig6", "Figure 6: cross-entropy loss with sigmoid and with Leaky ReLU hidden layers (softmax output), Figure 2's nets, MNIST",
            "mnist (else fashion-mnist)", 60, s -> List.of(imageBudget(s, equalWeights(s)), WIDTHS, tBatch(s), PROTOCOL));
    }

    @Override
    public List<Part> plan(Settings s) {
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
    }

    @Override
    public List<Row> judge(Settings s, List<Done> done, Bench bench, StringBuilder extra) {
        List<Row> rows = new ArrayList<>();         // "Figure 6 presents the results": the paper claims no winner here
        for (Done d : done) {
            rows.add(versus(d.part().name() + " (" + d.part().title() + ")", "none stated (\"Figure 6 presents the results\")", d.outcome(), "dante", "sgd",
                    Claim.NONE).row());
        }
        return rows;
    }
}

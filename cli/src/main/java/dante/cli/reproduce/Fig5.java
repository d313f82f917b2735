package dante.cli.reproduce;

import static dante.cli.reproduce.Plans.*;
import static dante.cli.reproduce.Verdicts.*;

import java.util.List;

/** Figure 5: Figure 2's nets with sigmoid activations, MSE. */
final class Fig5 extends Experiment {
    Fig5() {
        super("fig5", "Figure 5: Figure 2's nets with sigmoid activations, MSE", "mnist, kmnist (else fashion-mnist)", 35,
            s -> List.of(imageBudget(s, equalWeights(s)), WIDTHS, tBatch(s), PROTOCOL, "sigmoid output as well as hidden (MSE on one-hot targets); SGD's grid is larger because sigmoid's gradients are small"));
    }

    @Override
    public List<Part> plan(Settings s) {
        return danteVsSgd(s, mnistLike(s), MNIST_NETS, SIGMOID_MSE, DANTE_GRID, "0.1:0.3:1:3");
    }

    @Override
    public List<Row> judge(Settings s, List<Done> done, Bench bench, StringBuilder extra) {
        return Verdicts.danteVsSgd(done);
    }
}

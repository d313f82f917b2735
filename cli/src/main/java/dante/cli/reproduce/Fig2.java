package dante.cli.reproduce;

import static dante.cli.reproduce.Plans.*;
import static dante.cli.reproduce.Verdicts.*;

import java.util.List;

/** Figure 2: DANTE vs SGD, Leaky ReLU (0.01, 1), MSE; one hidden layer of 100/250/400/600, 2-, 3-, 5-hidden nets; MNIST, KMNIST. */
final class Fig2 extends Experiment {
    Fig2() {
        super("fig2", "Figure 2: DANTE vs SGD, Leaky ReLU (0.01, 1), MSE; one hidden layer of 100/250/400/600, 2-, 3-, 5-hidden nets; MNIST, KMNIST",
            "mnist, kmnist (else fashion-mnist)", 22, s -> List.of(imageBudget(s, equalWeights(s)), WIDTHS, tBatch(s), PROTOCOL));
    }

    @Override
    public List<Part> plan(Settings s) {
        return danteVsSgd(s, mnistLike(s), MNIST_NETS, LEAKY_MSE, DANTE_GRID, "0.003:0.01:0.03:0.1");
    }

    @Override
    public List<Row> judge(Settings s, List<Done> done, Bench bench, StringBuilder extra) {
        return Verdicts.danteVsSgd(done);
    }
}

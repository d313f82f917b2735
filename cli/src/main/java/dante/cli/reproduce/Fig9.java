package dante.cli.reproduce;

import static dante.cli.reproduce.Plans.*;
import static dante.cli.reproduce.Verdicts.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dante.core.data.Dataset;
import dante.core.nn.Network;
import dante.core.protocol.Protocol;

/** Figure 9: test reconstructions (original / DANTE / SGD) of a ReLU autoencoder on MNIST, with their reconstruction errors. */
final class Fig9 extends Experiment {
    Fig9() {
        super("fig9", "Figure 9: test reconstructions (original / DANTE / SGD) of a ReLU autoencoder on MNIST, with their reconstruction errors",
            "mnist (else fashion-mnist)", 10, s -> List.of("784-256-784, ReLU hidden layer, sigmoid output, MSE; " + images(s, 20000) + "; "
                    + count(s.epochsOr(10), "epoch") + " / " + count(s.epochsOr(10), "round") + " of T = " + s.tOr() + ", batch " + s.batchOr() + "; learning rates chosen on validation reconstruction loss",
                    "the grid shows the first test image of each class, from the first seed's model of each method's chosen rate"));
    }

    @Override
    public List<Part> plan(Settings s) {
        ImageData d = mnistLike(s).get(0);
        String e = Integer.toString(s.epochsOr(10));
        List<String> a = with(common(s, d.name(), d.dir(), true), "--task", "autoencoder", "--arch", arch(s, "net", "784,256,784"),
                "--activation", "relu", "--output-activation", "sigmoid", "--loss", "mse", "--methods", "dante-ae,sgd",
                "--lr-grid", grid(s, "dante-ae", "0.03", "0.1", "0.3") + "," + grid(s, "sgd", "0.03", "0.3", "3"), "--epochs", e, "--rounds", e, "-T", Integer.toString(s.tOr()));
        return List.of(new Part("relu-autoencoder", "784-256-784 ReLU autoencoder on " + d.label(), d.label(), a));
    }

    @Override
    public List<Row> judge(Settings s, List<Done> done, Bench bench, StringBuilder extra) {
        Done d = done.get(0);
        Protocol.Outcome o = d.outcome();
        Row row = versus("test reconstruction error (MSE), " + d.part().title(), "DANTE's reconstructions better than SGD's (qualitative)", o, "dante-ae", "sgd", Claim.AHEAD_AT_END).row();
        try (Bench.PartData data = bench.data(d.part(), List.of("--task"))) {
            var k = data.kernels();
            Dataset test = data.test();
            int classes = test.classes();
            int[] pick = new int[classes];
            java.util.Arrays.fill(pick, -1);
            for (int i = 0; i < test.size(); i++) if (pick[test.labels()[i]] < 0) pick[test.labels()[i]] = i;
            int[] rowsPicked = java.util.Arrays.stream(pick).filter(i -> i >= 0).toArray();
            List<float[][]> grid = new ArrayList<>();
            float[][] originals = new float[rowsPicked.length][];
            for (int j = 0; j < rowsPicked.length; j++) originals[j] = test.features().row(rowsPicked[j]).toArray();
            grid.add(originals);
            for (String method : List.of("dante-ae", "sgd")) {
                Protocol.Selection sel = o.of(method);
                Protocol.Run r = sel.runs().get(0);
                Path model = bench.model(d, method, r);
                float[][] rec = new float[rowsPicked.length][];
                try (Network net = Representations.load(model); Dataset few = test.select("picked", rowsPicked)) {
                    float[][] all = Representations.activations(k, net, net.depth() - 1, few);
                    System.arraycopy(all, 0, rec, 0, rec.length);
                }
                grid.add(rec);
            }
            int side = (int) Math.round(Math.sqrt(test.featureCount()));
            if (side * side == test.featureCount()) {
                Representations.writeGrid(d.dir().getParent().resolve("reconstructions.png"), List.of("original", "DANTE", "SGD"), grid, side, 3);
                extra.append("\n## Reconstructions\n\nRows: original test images (the first of each class), DANTE-AE's reconstructions, SGD's (each from its chosen rate's first seed).\n\n"
                        + "![reconstructions](reconstructions.png)\n");
            }
        }
        return List.of(row);
    }
}

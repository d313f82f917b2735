package dante.cli.reproduce;

import static dante.cli.reproduce.Plans.*;
import static dante.cli.reproduce.Verdicts.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import dante.datasets.Svhn;

/** Figure 3: DANTE vs SGD on CIFAR-10 and SVHN (3072 inputs), 1-, 2-, 5-hidden nets. */
final class Fig3 extends Experiment {
    Fig3() {
        super("fig3", "Figure 3: DANTE vs SGD on CIFAR-10 and SVHN (3072 inputs), 1-, 2-, 5-hidden nets",
            "cifar-10, svhn (--data-dir)", 110, s -> List.of(imageBudget(s, equalWeights(s)), "widths (lost): 512, then 256 per further layer; --arch PART=SIZES changes one", tBatch(s), PROTOCOL, SGD_SCALE));
    }

    @Override
    public List<Part> plan(Settings s) {
        List<ImageData> sets = new ArrayList<>();
        if (s.dataDir() != null && cifarPresent(s.dataDir())) sets.add(new ImageData("cifar-10", "CIFAR-10", false, s.dataDir()));
        if (s.dataDir() != null && Svhn.present(s.dataDir())) sets.add(new ImageData("svhn", "SVHN", false, s.dataDir()));
        return danteVsSgd(s, sets, COLOUR_NETS, LEAKY_MSE, DANTE_GRID, "0.0003:0.001:0.003:0.01");
    }

    @Override
    public List<Row> judge(Settings s, List<Done> done, Bench bench, StringBuilder extra) {
        return Verdicts.danteVsSgd(done);
    }

    @Override
    public String missing(Path dataDir) {
        return dataDir != null && (cifarPresent(dataDir) || Svhn.present(dataDir)) ? "" : "CIFAR-10 (cifar-10-batches-bin) or SVHN (train_32x32.mat, test_32x32.mat) under --data-dir";
    }
}

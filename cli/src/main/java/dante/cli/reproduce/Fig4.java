package dante.cli.reproduce;

import static dante.cli.reproduce.Plans.*;
import static dante.cli.reproduce.Verdicts.*;

import java.nio.file.Path;
import java.util.List;

import dante.datasets.TinyImageNet;

/** Figure 4: DANTE vs SGD on Tiny ImageNet (12288 inputs, 200 classes; the validation set as test), three nets. */
final class Fig4 extends Experiment {
    Fig4() {
        super("fig4", "Figure 4: DANTE vs SGD on Tiny ImageNet (12288 inputs, 200 classes; the validation set as test), three nets",
            "tiny-imagenet (--data-dir)", 220, s -> List.of(imageBudget(s, equalWeights(s)), "widths (lost): 1024, then 512 per further layer; --arch PART=SIZES changes one", tBatch(s), PROTOCOL, SGD_SCALE));
    }

    @Override
    public List<Part> plan(Settings s) {
        return !(s.dataDir() != null && TinyImageNet.present(s.dataDir())) ? List.of()
            : danteVsSgd(s, List.of(new ImageData("tiny-imagenet", "Tiny ImageNet", false, s.dataDir())), TINY_NETS, LEAKY_MSE, DANTE_GRID, "0.0001:0.0003:0.001:0.003");
    }

    @Override
    public List<Row> judge(Settings s, List<Done> done, Bench bench, StringBuilder extra) {
        return Verdicts.danteVsSgd(done);
    }

    @Override
    public String missing(Path dataDir) { return dataDir != null && TinyImageNet.present(dataDir) ? "" : "Tiny ImageNet (tiny-imagenet-200) under --data-dir"; }
}

package dante.bench;

import java.util.concurrent.TimeUnit;

import dante.core.data.Dataset;
import dante.core.nn.Network;
import dante.core.train.Phase;
import dante.core.train.Schedule;
import dante.core.train.StepRule;
import dante.core.train.Trainer;
import dante.core.train.TrainingHistory;
import dante.kernels.Kernels;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * How long is a DANTE phase of 1 or 3 epochs (60000 examples, batch 64) with the
 * frozen-layer cache (its construction included), against SGD backprop epochs? Phase "sgd"
 * trains every layer; phase "L" trains layer L alone with SNGD. Evaluation is off, so the
 * time is training alone; the difference between 3 and 1 epochs, halved, is the cost of an
 * epoch once the cache is built.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx8g"})
public class PhaseEpochBenchmark {
    /** A benchmark state; JMH creates it. */
    public PhaseEpochBenchmark() {}


    /** The layer sizes, inputs first. */
    @Param({"784,256,10", "784,500,500,500,10"})
    public String arch;

    /** The phase: "sgd" for backprop, or the index of the layer SNGD trains alone. */
    @Param({"sgd", "0", "1", "2", "3"})
    public String phase;

    /** Kernel threads. */
    @Param({"1", "2"})
    public int threads;

    /** Epochs in the phase: (time(3) − time(1)) / 2 is the per-epoch cost once the cache is built. */
    @Param({"1", "3"})
    public int epochs;

    private Dataset data;
    private Network net;
    private Kernels k;
    private int[] layers;
    private boolean skip;

    /** Builds the data and the network (once per trial). */
    @Setup(Level.Trial)
    public void setup() {
        String[] s = arch.split(",");
        int depth = s.length - 1;
        skip = !phase.equals("sgd") && Integer.parseInt(phase) >= depth;
        data = BenchNets.random(60000, Integer.parseInt(s[0]));
        net = BenchNets.leakySoftmax(arch);
        k = Kernels.panama(threads);
        if (phase.equals("sgd")) {
            layers = new int[depth];
            for (int i = 0; i < depth; i++) layers[i] = i;
        } else if (!skip) {
            layers = new int[] {Integer.parseInt(phase)};
        }
    }

    /** Frees the data. */
    @TearDown(Level.Trial)
    public void tearDown() {
        net.close();
        data.close();
    }

    /**
     * One epoch of the phase; returns the trainer's own training seconds (evaluation excluded).
     *
     * @return the training seconds
     */
    @Benchmark
    public double epoch() {
        if (skip) return 0;                  // this network has no such layer
        final int[] trained = layers;
        Schedule one = new Schedule() {
            @Override public Phase next(Phase previous, TrainingHistory h) {
                return previous == null ? new Phase(0, 0, "bench", trained, epochs) : null;
            }
            @Override public String describe() { return "one epoch"; }
        };
        StepRule rule = phase.equals("sgd") ? new StepRule.Sgd(0.001f) : new StepRule.Normalized(0.001f);
        return Trainer.builder(net, data).kernels(k).stepRule(rule).schedule(one).batchSize(64).seed(1)
                .evaluateTrainLoss(false).build().run().seconds();
    }
}

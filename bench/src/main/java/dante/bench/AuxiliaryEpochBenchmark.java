package dante.bench;

import java.util.concurrent.TimeUnit;

import dante.core.data.Dataset;
import dante.core.nn.Network;
import dante.core.train.AuxiliaryTrainer;
import dante.core.train.Method;
import dante.core.train.Recipe;
import dante.core.train.RunSettings;
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
 * One epoch of each Figure 8 method on 16 384 random 784-pixel examples, 10 classes,
 * Leaky ReLU and softmax cross-entropy, batch 64 (ADMM: one full-batch iteration): SGD
 * backprop, a DANTE round (each layer one SNGD epoch, frozen-layer cache included), AM-Adam
 * with the authors' defaults, and ADMM. Evaluation is off; the score is the trainer's own
 * training seconds, so samples/s = 16 384 / score (a DANTE round passes the data once per
 * layer) and weights updated/s follow from the counts bench/auxiliary.sh prints.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2)
@Measurement(iterations = 5)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED", "-Xmx4g"})
public class AuxiliaryEpochBenchmark {
    /** A benchmark state; JMH creates it. */
    public AuxiliaryEpochBenchmark() {}

    static final int N = 16_384;

    /** The layer sizes, inputs first. */
    @Param({"784,256,10", "784,100,100,10"})
    public String arch;

    /** The method: sgd, dante, am-adam or admm. */
    @Param({"sgd", "dante", "am-adam", "admm"})
    public String method;

    /** Kernel threads. */
    @Param({"1", "2"})
    public int threads;

    /** Epochs per run: (time(3) − time(1)) / 2 is an epoch without the run's setup (ADMM factors the data's Gram matrix once per run). */
    @Param({"1", "3"})
    public int epochs;

    private Dataset data;
    private Network net;
    private Kernels k;

    /** Builds the data, the network and the trainer's settings (once per trial). */
    @Setup(Level.Trial)
    public void setup() {
        data = BenchNets.random(N, Integer.parseInt(arch.split(",")[0]));
        net = BenchNets.leakySoftmax(arch);
        k = Kernels.panama(threads);
    }

    /** Frees the data. */
    @TearDown(Level.Trial)
    public void tearDown() {
        net.close();
        data.close();
        k.close();
    }

    /**
     * {@code epochs} epochs (DANTE: rounds; ADMM: iterations); returns the training seconds.
     *
     * @return the training seconds the trainer measured
     */
    @Benchmark
    public double epoch() {
        Method m = Method.parse(method);
        float lr = m == Method.AM_ADAM ? AuxiliaryTrainer.AmAdam.defaults().learningRate() : 0.001f;
        Method.Hyper h = Method.Hyper.defaults().withLearningRate(lr).withEpochs(epochs).withRounds(epochs);
        return Recipe.of(m, h).run(net, data, RunSettings.builder().kernels(k).batchSize(64).seed(1).evaluateTrainLoss(false).build()).seconds();
    }
}

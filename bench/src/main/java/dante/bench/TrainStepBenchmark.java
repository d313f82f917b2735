package dante.bench;

import java.util.Random;
import java.util.concurrent.TimeUnit;

import dante.core.nn.Activation;
import dante.core.nn.Init;
import dante.core.nn.Loss;
import dante.core.nn.Network;
import dante.core.nn.Workspace;
import dante.core.train.StepRule;
import dante.kernels.FloatMatrix;
import dante.kernels.Kernels;
import dante.kernels.MatrixArena;

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
 * How long does one SGD training step of 784-256-10 (Leaky ReLU, softmax cross-entropy) take:
 * forward, backward through both layers, and the update, on data already in memory? The
 * same step in PyTorch is timed by {@code bench/train_step_torch.py} in the same run.
 * samples/s = batch / (time per step). Run with {@code -prof gc} for the allocation per step.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules=jdk.incubator.vector", "--enable-native-access=ALL-UNNAMED"})
public class TrainStepBenchmark {
    /** A benchmark state; JMH creates it. */
    public TrainStepBenchmark() {}


    /** The minibatch size. */
    @Param({"64", "256"})
    public int batch;

    /** Kernel threads. */
    @Param({"1", "2"})
    public int threads;

    private static final int BATCHES = 16;

    private MatrixArena arena;
    private Network net;
    private Workspace ws;
    private StepRule.Stepper stepper;
    private Kernels k;
    private FloatMatrix[] xs, ys;
    private final boolean[] all = {true, true};
    private int next;

    /** Builds the minibatches, the network and its workspace (once per trial). */
    @Setup(Level.Trial)
    public void setup() {
        k = Kernels.panama(threads);
        arena = new MatrixArena();
        net = Network.builder(784).dense(256, Activation.leakyRelu()).dense(10, Activation.softmax())
                .loss(Loss.SOFTMAX_CROSS_ENTROPY).build().initialize(Init.TORCH, 1);
        ws = new Workspace(net, batch);
        stepper = new StepRule.Sgd(0.01f).bind(net);
        Random r = new Random(7);
        FloatMatrix x = arena.allocate(BATCHES * batch, 784), y = arena.allocate(BATCHES * batch, 10);
        for (int i = 0; i < x.rows(); i++) {
            for (int j = 0; j < 784; j++) x.set(i, j, r.nextFloat());
            y.set(i, r.nextInt(10), 1f);
        }
        xs = new FloatMatrix[BATCHES];
        ys = new FloatMatrix[BATCHES];
        for (int b = 0; b < BATCHES; b++) {
            xs[b] = x.rowRange(b * batch, (b + 1) * batch);
            ys[b] = y.rowRange(b * batch, (b + 1) * batch);
        }
        double first = step(), later = 0;
        for (int i = 0; i < 50; i++) later = step();
        if (!(later < first)) throw new IllegalStateException("training does not lower the loss: " + first + " → " + later);
    }

    /** Frees the buffers. */
    @TearDown(Level.Trial)
    public void tearDown() {
        stepper.close();
        ws.close();
        net.close();
        arena.close();
    }

    /**
     * One SGD step: forward, backward through both layers, update.
     *
     * @return the minibatch's loss (kept alive for JMH)
     */
    @Benchmark
    public double step() {
        int b = next;
        next = (next + 1) % BATCHES;
        ws.forward(k, xs[b], 0);
        double loss = ws.backward(k, ys[b], all);
        for (int l = 0; l < 2; l++) {
            FloatMatrix g = ws.gradient(l);
            stepper.step(k, l, g, k.frobeniusNorm(g));
        }
        return loss;
    }
}

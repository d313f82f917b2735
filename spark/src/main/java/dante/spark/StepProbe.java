package dante.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

import dante.core.nn.Activation;
import dante.core.nn.Init;
import dante.core.nn.Loss;
import dante.core.nn.Network;
import dante.core.nn.Workspace;
import dante.kernels.FloatMatrix;
import dante.kernels.Kernels;

/**
 * The measured inputs of the cluster model in bench/RESULTS.md, on the machine at hand: a
 * Spark job's fixed latency over P partitions (a step's floor), the time of one step's
 * communication pattern with no compute (broadcast the parameters, every partition returns a
 * parameter-sized array, summed on the driver in partition order, as {@link SparkRows} does),
 * and one core's time per example of forward + backward for each architecture (batch 100).
 * Prints CSV: {@code what,architecture,partitions,parameters,bytes_broadcast,bytes_aggregated,median_ms,min_ms,max_ms}.
 * Usage: {@code StepProbe --master local[2] [--repeats 15]}.
 */
public final class StepProbe {
    private StepProbe() {}

    record Arch(String name, int[] sizes) {}

    static final List<Arch> ARCHS = List.of(new Arch("784-500-500-10", new int[] {784, 500, 500, 10}),
            new Arch("4096-4096-4096-10", new int[] {4096, 4096, 4096, 10}));

    static double[] stats(double[] ms) {
        double[] s = ms.clone();
        Arrays.sort(s);
        return new double[] {s[s.length / 2], s[0], s[s.length - 1]};
    }

    static String row(String what, String arch, int p, long params, long bcast, long agg, double[] ms) {
        double[] s = stats(ms);
        return String.format("%s,%s,%d,%d,%d,%d,%.3f,%.3f,%.3f", what, arch, p, params, bcast, agg, s[0], s[1], s[2]);
    }

    static Network net(int[] sizes) {
        Network.Builder b = Network.builder(sizes[0]);
        for (int i = 1; i < sizes.length - 1; i++) b.dense(sizes[i], Activation.leakyRelu());
        return b.dense(sizes[sizes.length - 1], Activation.softmax()).loss(Loss.SOFTMAX_CROSS_ENTROPY).build().initialize(Init.TORCH, 1);
    }

    /**
     * Runs the probe and prints its CSV to standard output.
     *
     * @param args {@code [--master URL] [--repeats N]}
     */
    public static void main(String[] args) {
        String master = "local[2]";
        int repeats = 15;
        for (int i = 0; i < args.length; i++) {
            switch (args[i]) {
                case "--master" -> master = args[++i];
                case "--repeats" -> repeats = Integer.parseInt(args[++i]);
                default -> {
                    System.err.println("StepProbe: unknown argument '" + args[i] + "'; expected --master URL, --repeats N");
                    System.exit(2);
                }
            }
        }
        SparkSession spark = SparkSetup.session(master);
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        System.out.println("what,architecture,partitions,parameters,bytes_broadcast,bytes_aggregated,median_ms,min_ms,max_ms");
        for (int p : new int[] {1, 2, 4}) {
            List<Integer> seeds = new ArrayList<>();
            for (int q = 0; q < p; q++) seeds.add(q);
            JavaRDD<Integer> parts = sc.parallelize(seeds, p).cache();
            parts.count();
            double[] ms = new double[repeats];
            for (int r = -3; r < repeats; r++) {
                long t0 = System.nanoTime();
                parts.mapPartitions(it -> List.of(1).iterator()).collect();
                if (r >= 0) ms[r] = (System.nanoTime() - t0) / 1e6;
            }
            System.out.println(row("empty_job", "-", p, 0, 0, 0, ms));
            for (Arch a : ARCHS) {
                long params;
                try (Network n = net(a.sizes())) { params = n.parameterCount(); }
                float[] w = new float[(int) params];
                for (int r = -2; r < repeats; r++) {
                    long t0 = System.nanoTime();
                    Broadcast<float[]> b = sc.broadcast(w);
                    List<float[]> back = parts.mapPartitions(it -> {
                        float[] g = new float[b.value().length];
                        g[0] = b.value()[0];
                        return List.of(g).iterator();
                    }).collect();
                    float[] sum = back.get(0).clone();
                    for (int q = 1; q < back.size(); q++) for (int j = 0; j < sum.length; j++) sum[j] += back.get(q)[j];
                    b.destroy();
                    if (r >= 0) ms[r] = (System.nanoTime() - t0) / 1e6;
                }
                System.out.println(row("communication", a.name(), p, params, 4 * params, 4 * params * p, ms));
            }
            parts.unpersist();
        }
        try (Kernels k = Kernels.create(1)) {
            for (Arch a : ARCHS) {
                try (Network n = net(a.sizes()); Workspace ws = new Workspace(n, 100)) {
                    int rows = 100;
                    float[] x = new float[rows * a.sizes()[0]], y = new float[rows * 10];
                    java.util.Random rnd = new java.util.Random(1);
                    for (int i = 0; i < x.length; i++) x[i] = rnd.nextFloat();
                    for (int i = 0; i < rows; i++) y[i * 10 + rnd.nextInt(10)] = 1;
                    boolean[] all = new boolean[n.depth()];
                    Arrays.fill(all, true);
                    double[] ms = new double[Math.max(5, repeats)];
                    for (int r = -30; r < ms.length; r++) {                  // 30 warm-up passes: the JIT compiles the Vector API kernels first
                        long t0 = System.nanoTime();
                        ws.forward(k, FloatMatrix.wrap(x, rows, a.sizes()[0]), 0);
                        ws.backward(k, FloatMatrix.wrap(y, rows, 10), all);
                        if (r >= 0) ms[r] = (System.nanoTime() - t0) / 1e6 / rows;
                    }
                    System.out.println(row("compute_per_example_one_core", a.name(), 1, n.parameterCount(), 0, 0, ms));
                }
            }
        }
        spark.stop();
    }
}

package dante.spark;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Function;

import org.apache.spark.SparkEnv;
import org.apache.spark.sql.Row;
import org.apache.spark.storage.RDDBlockId;
import org.apache.spark.sql.RowFactory;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.sql.types.DataTypes;
import org.apache.spark.sql.types.StructType;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import dante.core.data.Dataset;
import dante.core.nn.Activation;
import dante.core.nn.Init;
import dante.core.nn.Loss;
import dante.core.nn.Network;
import dante.core.train.AlternatingSchedule;
import dante.core.train.HistoryRow;
import dante.core.train.IterateRule;
import dante.core.train.Schedule;
import dante.core.train.StepRule;
import dante.core.train.Trainer;
import dante.core.train.TrainingListener;
import dante.kernels.Kernels;

/**
 * The Spark run of a configuration against the local trainer's run of the same one (same
 * seed, same shuffle, same global minibatches): the same steps and weights updated, and
 * parameters equal to float rounding (the sums are taken per partition). On local[2] in CI.
 */
class SparkTrainerTest {
    static SparkSession spark;

    @BeforeAll
    static void start() { spark = SparkSetup.session("local[2]"); }

    @AfterAll
    static void stop() { if (spark != null) spark.stop(); }

    /** n points in d dimensions, c classes: class k shifts the coordinates j ≡ k (mod c). Seeded. */
    static Dataset clusters(int n, long seed, int d, int c) {
        Random r = new Random(seed);
        float[] x = new float[n * d];
        int[] y = new int[n];
        for (int i = 0; i < n; i++) {
            y[i] = r.nextInt(c);
            for (int j = 0; j < d; j++) x[i * d + j] = (float) (r.nextGaussian() * 0.8 + (j % c == y[i] ? 1.5 : 0));
        }
        return Dataset.classification("clusters", x, n, d, y, c);
    }

    static Network mlp(long seed) {
        return Network.builder(8).dense(12, Activation.leakyRelu()).dense(10, Activation.leakyRelu()).dense(3, Activation.softmax())
                .loss(Loss.SOFTMAX_CROSS_ENTROPY).build().initialize(Init.TORCH, seed);
    }

    record Run(float[] params, Trainer.Result result) {}

    /** Trains a fresh network (seed 5) on {@code data} locally or on {@code rows}, with the configuration {@code configure} adds. */
    static Run train(Dataset data, SparkRows rows, Function<Trainer.Builder, Trainer.Builder> configure) {
        try (Network net = mlp(5); Dataset test = clusters(200, 2, 8, 3)) {
            Trainer.Builder b = rows == null ? Trainer.builder(net, data) : Trainer.builder(net, rows);
            Trainer.Result r = configure.apply(b.kernels(Kernels.panama(1)).test(test).batchSize(32).seed(9)).build().run();
            return new Run(net.parametersToArray(), r);
        }
    }

    static void assertSameRun(Run local, Run remote, double tolerance) {
        assertEquals(local.result().steps(), remote.result().steps(), "steps");
        assertEquals(local.result().weightsUpdated(), remote.result().weightsUpdated(), "weights updated");
        double worst = 0, scale = 0;
        for (int i = 0; i < local.params().length; i++) {
            worst = Math.max(worst, Math.abs(local.params()[i] - remote.params()[i]));
            scale = Math.max(scale, Math.abs(local.params()[i]));
        }
        assertTrue(worst <= tolerance * Math.max(1, scale), "largest parameter difference " + worst + " (largest parameter " + scale + ")");
        List<HistoryRow> a = local.result().history().rows(), b = remote.result().history().rows();
        assertEquals(a.size(), b.size(), "evaluations");
        for (int i = 0; i < a.size(); i++) {
            assertEquals(a.get(i).weightsUpdated(), b.get(i).weightsUpdated());
            assertEquals(a.get(i).trainLoss(), b.get(i).trainLoss(), 1e-4 * Math.max(1, a.get(i).trainLoss()), "training loss at evaluation " + i);
            assertEquals(a.get(i).testAccuracy(), b.get(i).testAccuracy(), 0.011, "test accuracy at evaluation " + i);
        }
    }

    @Test
    void sgdMomentumAdamAndSngdMatchTheLocalTrainer() {
        try (Dataset data = clusters(500, 1, 8, 3); SparkRows rows = SparkRows.of(spark, data, 4)) {
            assertEquals(4, rows.partitions());
            List<Function<Trainer.Builder, Trainer.Builder>> configs = List.of(
                    b -> b.stepRule(new StepRule.Sgd(0.1f)).schedule(Schedule.joint(3, 3)),
                    b -> b.stepRule(new StepRule.Momentum(0.05f, 0.9f, false)).schedule(Schedule.joint(3, 2)),
                    b -> b.stepRule(new StepRule.Adam(0.01f)).schedule(Schedule.joint(3, 2)),
                    b -> b.stepRule(new StepRule.Normalized(0.05f)).iterate(IterateRule.BEST_MINIBATCH).schedule(Schedule.joint(3, 2)));
            for (var c : configs) assertSameRun(train(data, null, c), train(data, rows, c), 2e-4);
        }
    }

    /** DANTE's round-robin phases: the frozen layers' outputs are computed once per phase on the executors. */
    @Test
    void danteRoundRobinWithFrozenLayersMatchesTheLocalTrainer() {
        Function<Trainer.Builder, Trainer.Builder> dante = b -> b.stepRule(new StepRule.Normalized(0.05f))
                .schedule(Schedule.alternating(3, 1, 2, AlternatingSchedule.Order.BOTTOM_UP));
        try (Dataset data = clusters(500, 1, 8, 3); SparkRows rows = SparkRows.of(spark, data, 3)) {
            Run local = train(data, null, dante), remote = train(data, rows, dante);
            assertSameRun(local, remote, 2e-4);
            assertEquals(7, remote.result().history().size(), "before training and after each of the 6 phases");
        }
    }

    /**
     * What an executor's loss costs: its cached partitions. Every few steps the cached blocks
     * of the rows and of the phase's frozen output are dropped, so Spark recomputes them from
     * their lineage (the source rows; the frozen layers' forward pass with the phase's
     * parameters) in the middle of DANTE's phases; the run ends with the uninterrupted run's bits.
     */
    @Test
    void droppedCachedPartitionsAreRecomputedToTheSameBits() {
        Function<Trainer.Builder, Trainer.Builder> dante = b -> b.stepRule(new StepRule.Normalized(0.05f))
                .schedule(Schedule.alternating(3, 1, 1, AlternatingSchedule.Order.TOP_DOWN));
        try (Dataset data = clusters(300, 4, 8, 3)) {
            float[] whole;
            try (SparkRows rows = SparkRows.of(spark, data, 3)) { whole = train(data, rows, dante).params(); }
            try (SparkRows rows = SparkRows.of(spark, data, 3)) {
                int[] dropped = {0};
                float[] lost = train(data, rows, b -> dante.apply(b).listener(new TrainingListener() {
                    @Override public void stepped(TrainingListener.Progress p) {
                        if (p.stepInEpoch() % 4 != 1) return;
                        for (int id : rows.cachedRddIds()) for (int q = 0; q < 3; q++) {
                            RDDBlockId block = new RDDBlockId(id, q);
                            if (SparkEnv.get().blockManager().getStatus(block).isDefined()) dropped[0]++;
                            SparkEnv.get().blockManager().removeBlock(block, true);
                        }
                    }
                })).params();
                assertTrue(dropped[0] >= 10, "cached blocks dropped: " + dropped[0]);
                assertArrayEquals(whole, lost);
            }
        }
    }

    /** A DataFrame of (features array, label) trains like the same rows read locally. */
    @Test
    void aDataFrameTrainsLikeTheSameRowsLocally() {
        try (Dataset data = clusters(300, 3, 8, 3)) {
            List<Row> rs = new ArrayList<>();
            float[] x = data.features().toArray();
            for (int i = 0; i < data.size(); i++) {
                List<Float> f = new ArrayList<>();
                for (int j = 0; j < 8; j++) f.add(x[i * 8 + j]);
                rs.add(RowFactory.create(f, data.labels()[i]));
            }
            StructType schema = new StructType().add("features", DataTypes.createArrayType(DataTypes.FloatType)).add("label", DataTypes.IntegerType);
            var frame = spark.createDataFrame(rs, schema);                        // a local relation keeps the list's order over its partitions
            try (SparkRows rows = SparkRows.of(frame, "features", "label", 3)) {
                assertEquals(300, rows.size());
                Function<Trainer.Builder, Trainer.Builder> sgd = b -> b.stepRule(new StepRule.Sgd(0.1f)).schedule(Schedule.joint(3, 2));
                assertSameRun(train(data, null, sgd), train(data, rows, sgd), 2e-4);
            }
            var bad = spark.createDataFrame(List.of(RowFactory.create(List.of(1f, 2f), 7)), new StructType()
                    .add("features", DataTypes.createArrayType(DataTypes.FloatType)).add("label", DataTypes.IntegerType));
            Exception e = assertThrows(IllegalArgumentException.class, () -> SparkRows.of(bad, "features", "label", 3));
            assertTrue(e.getMessage().contains("row 0 has label 7"), e.getMessage());
            var text = spark.createDataFrame(List.of(RowFactory.create("a,b", 1)), new StructType()
                    .add("features", DataTypes.StringType).add("label", DataTypes.IntegerType));
            var t = assertThrows(IllegalArgumentException.class, () -> SparkRows.of(text, "features", "label", 3));
            assertTrue(t.getMessage().contains("column 'features': expected an array of numbers, found string"), t.getMessage());
            var missing = assertThrows(IllegalArgumentException.class, () -> SparkRows.of(frame, "pixels", "label", 3));
            assertTrue(missing.getMessage().contains("no column 'pixels' (columns: features, label)"), missing.getMessage());
            List<Row> withNull = new ArrayList<>(rs.subList(0, 3));
            withNull.add(RowFactory.create(null, 1));
            var holes = assertThrows(IllegalArgumentException.class, () -> SparkRows.of(spark.createDataFrame(withNull, schema), "features", "label", 3));
            assertTrue(holes.getMessage().contains("row 3: 'features' is null"), holes.getMessage());
        }
    }

    @Test
    void whatNeedsTheRowsHereIsRefusedInOneLine() {
        try (Dataset data = clusters(100, 1, 8, 3); SparkRows rows = SparkRows.of(spark, data, 2); Network net = mlp(1)) {
            var e = assertThrows(IllegalArgumentException.class, () -> Trainer.builder(net, rows).stepRule(new StepRule.Normalized(0.1f))
                    .iterate(IterateRule.BEST_PROBE).build());
            assertTrue(e.getMessage().contains("best-probe"), e.getMessage());
            try (Network wrong = Network.builder(5).dense(3, Activation.softmax()).loss(Loss.SOFTMAX_CROSS_ENTROPY).build()) {
                var w = assertThrows(IllegalArgumentException.class, () -> Trainer.builder(wrong, rows).build());
                assertTrue(w.getMessage().contains("8 features"), w.getMessage());
            }
        }
    }

    /** The flags in spark/pom.xml's argLine are Spark's own list for this JDK (SparkSetup.jvmFlags()): the one place they come from. */
    @Test
    void theTestJvmCarriesSparksFlags() {
        List<String> args = ManagementFactory.getRuntimeMXBean().getInputArguments();
        for (String f : SparkSetup.jvmFlags()) {
            if (f.startsWith("--add-modules")) continue;               // the parent pom's vector.flag spells it --add-modules=jdk.incubator.vector too
            assertTrue(args.contains(f), "spark/pom.xml's spark.jvm.flags lacks " + f + " (Spark's list changed: update it)");
        }
    }

    /** The partition sums are taken in partition order, so the thread count does not change a bit; local[4] after local[2]. */
    @Test
    void localFourGivesTheBitsOfLocalTwo() {
        Function<Trainer.Builder, Trainer.Builder> adam = b -> b.stepRule(new StepRule.Adam(0.01f)).schedule(Schedule.joint(3, 2));
        float[] two, four;
        try (Dataset data = clusters(400, 1, 8, 3)) {
            try (SparkRows rows = SparkRows.of(spark, data, 4)) { two = train(data, rows, adam).params(); }
            spark.stop();
            spark = SparkSetup.session("local[4]");
            assertEquals("local[4]", spark.sparkContext().master());
            try (SparkRows rows = SparkRows.of(spark, data, 4)) { four = train(data, rows, adam).params(); }
        }
        assertArrayEquals(two, four);
    }
}

package dante.spark;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;

import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.Dataset;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.apache.spark.storage.StorageLevel;

import dante.core.nn.Network;
import dante.core.train.DistributedRows;
import dante.kernels.FloatMatrix;

/**
 * A training set spread over a Spark cluster's partitions, for core's
 * {@link dante.core.train.Trainer#builder(Network, DistributedRows)}: each minibatch's rows
 * are named by the trainer's own seeded shuffle, every partition computes the loss and the
 * gradients of its share of them (by the same forward and backward code a local run uses),
 * and the shares are summed on the driver in partition order, so a run's result does not
 * depend on scheduling or on how many executor threads there are (it does depend on the
 * partitioning: sums are taken per partition). The parameters travel as one broadcast per
 * step; the gradients come back as one array per partition. During a phase whose lowest
 * trainable layer is l &gt; 0, the frozen layers' output for every row is computed once on
 * the executors, persisted with the rows, and dropped when the phase ends.
 *
 * <p>Fault tolerance: a lost executor's tasks are re-run by Spark from the cached rows'
 * lineage (the data source, or the frozen output's recomputation from it); the step waits
 * for them, and its result is the same. A lost driver loses the run to its last checkpoint,
 * which {@code dante train --resume} continues as for a local run.
 */
public final class SparkRows implements DistributedRows {
    private final JavaSparkContext sc;
    private final JavaRDD<Block> rows;
    private final int size, features, outputs, partitions;
    private final boolean classification;
    private List<Broadcast<Block>> shipped = List.of();         // the rows of a local data set, which the cached partitions' lineage reads
    private JavaRDD<Block> frozen;
    private Broadcast<float[]> frozenParams;            // the frozen output's lineage reads it (a lost partition is recomputed from it)
    private int frozenBelow;
    private Network specOf;                              // the network the cached spec describes (an architecture does not change within a run)
    private NetSpec spec;

    private SparkRows(JavaSparkContext sc, JavaRDD<Block> rows, int size, int features, int outputs, boolean classification) {
        this.sc = sc;
        this.rows = rows.persist(StorageLevel.MEMORY_AND_DISK());
        this.size = size;
        this.features = features;
        this.outputs = outputs;
        this.classification = classification;
        this.partitions = rows.getNumPartitions();
        materialize(this.rows);
    }

    /**
     * Runs a Spark job; a failure ends in one line naming its cause (Spark's own message carries pages of executor
     * stack traces): a defect of the data as itself, anything else (executors that cannot start or keep dying, a lost
     * cluster) as the first line of Spark's reason.
     */
    static <T> T job(java.util.function.Supplier<T> run) {
        try {
            return run.get();
        } catch (Exception e) {                           // Spark's job failure: a checked SparkException, thrown undeclared from Scala
            for (Throwable c = e; c != null; c = c.getCause()) {
                if (c instanceof IllegalArgumentException iae) throw new IllegalArgumentException(iae.getMessage(), e);
            }
            String why = SparkSetup.firstLine(e);
            String hint = why.contains("ClassNotFoundException") ? " (Dante's classes did not reach the executors: is spark.jars overridden?)" : "";
            throw new IllegalArgumentException("Spark: a job failed: " + why + hint + "; a run with checkpoints continues from the last one with --resume", e);
        }
    }

    /** Computes and caches the rows now, so a defect in them is reported here, as the defect itself rather than Spark's wrapper. */
    private static void materialize(JavaRDD<?> rdd) { job(rdd::count); }

    /**
     * A local data set cut into {@code partitions} consecutive slices of rows, one per
     * partition (at most one per row): the way the CLI ships a file it has read.
     *
     * @param spark the session
     * @param data the rows, read on the driver
     * @param partitions the number of slices (at least 1)
     * @return the rows, cached on the executors
     */
    public static SparkRows of(SparkSession spark, dante.core.data.Dataset data, int partitions) {
        if (partitions < 1) throw new IllegalArgumentException("--partitions: expected at least 1, found " + partitions);
        int n = data.size(), d = data.features().cols(), c = data.targets().cols();
        int p = Math.max(1, Math.min(partitions, n));
        float[] x = data.features().toArray(), y = data.targets().toArray();
        int[] labels = data.isClassification() ? data.labels() : null;
        List<Block> blocks = new ArrayList<>(p);
        for (int q = 0; q < p; q++) {
            int from = (int) ((long) n * q / p), to = (int) ((long) n * (q + 1) / p);
            blocks.add(new Block(from, to - from, d, Arrays.copyOfRange(x, from * d, to * d), c, Arrays.copyOfRange(y, from * c, to * c),
                    labels == null ? null : Arrays.copyOfRange(labels, from, to)));
        }
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        // Each block travels as its own broadcast and the partitions hold only its index: rows given to
        // parallelize() would ride inside every task of every step (Spark ships a parallelized partition's
        // values with its tasks even once they are cached), tens of MB per step for an image set.
        List<Broadcast<Block>> shipped = new ArrayList<>(p);
        List<Integer> index = new ArrayList<>(p);
        for (int q = 0; q < p; q++) { shipped.add(sc.broadcast(blocks.get(q))); index.add(q); }
        SparkRows rows = new SparkRows(sc, sc.parallelize(index, p).map(q -> shipped.get(q).value()), n, d, c, data.isClassification());
        rows.shipped = shipped;
        for (Broadcast<Block> b : shipped) b.unpersist(false);      // the executors' copies; the driver's stays for the lineage
        return rows;
    }

    /**
     * A Spark DataFrame as training rows: {@code featuresColumn} an array of numbers (all of
     * one length), {@code labelColumn} an integer class in [0, classes) when {@code classes} &gt; 0,
     * else a number (regression, one output). The rows keep the DataFrame's order and
     * partitioning; the rows are counted once.
     *
     * @param frame the DataFrame
     * @param featuresColumn the column of feature arrays
     * @param labelColumn the column of labels or targets
     * @param classes the number of classes, or 0 for regression
     * @return the rows, cached on the executors
     * @throws IllegalArgumentException naming a missing or mistyped column, a null, or the first bad row
     */
    public static SparkRows of(Dataset<Row> frame, String featuresColumn, String labelColumn, int classes) {
        JavaSparkContext sc = JavaSparkContext.fromSparkContext(frame.sparkSession().sparkContext());
        var schema = frame.schema();
        for (String col : List.of(featuresColumn, labelColumn)) {
            if (!Arrays.asList(schema.fieldNames()).contains(col)) {
                throw new IllegalArgumentException("DataFrame: no column '" + col + "' (columns: " + String.join(", ", schema.fieldNames()) + ")");
            }
        }
        var fType = schema.apply(featuresColumn).dataType();
        if (!(fType instanceof org.apache.spark.sql.types.ArrayType at && at.elementType() instanceof org.apache.spark.sql.types.NumericType)) {
            throw new IllegalArgumentException("DataFrame column '" + featuresColumn + "': expected an array of numbers, found " + fType.simpleString());
        }
        if (!(schema.apply(labelColumn).dataType() instanceof org.apache.spark.sql.types.NumericType)) {
            throw new IllegalArgumentException("DataFrame column '" + labelColumn + "': expected a number, found " + schema.apply(labelColumn).dataType().simpleString());
        }
        Dataset<Row> sel = frame.select(featuresColumn, labelColumn);
        JavaRDD<Row> raw = sel.javaRDD();
        List<Long> counts = job(() -> raw.mapPartitions(it -> {
            long k = 0;
            while (it.hasNext()) { it.next(); k++; }
            return List.of(k).iterator();
        }).collect());
        long[] starts = new long[counts.size()];
        long total = 0;
        for (int q = 0; q < starts.length; q++) { starts[q] = total; total += counts.get(q); }
        if (total == 0) throw new IllegalArgumentException("the DataFrame has no rows");
        if (total > Integer.MAX_VALUE) throw new IllegalArgumentException("the DataFrame has " + total + " rows; at most " + Integer.MAX_VALUE + " are supported");
        Row first = sel.first();
        if (first.isNullAt(0)) throw new IllegalArgumentException("DataFrame row 0: '" + featuresColumn + "' is null");
        int width = first.getList(0).size();
        int outputs = classes > 0 ? classes : 1;
        Broadcast<long[]> startsB = sc.broadcast(starts);
        JavaRDD<Block> blocks = raw.mapPartitionsWithIndex((q, it) -> {
            List<Row> rs = new ArrayList<>();
            it.forEachRemaining(rs::add);
            float[] x = new float[rs.size() * width], y = new float[rs.size() * outputs];
            int[] labels = classes > 0 ? new int[rs.size()] : null;
            for (int i = 0; i < rs.size(); i++) {
                if (rs.get(i).isNullAt(0) || rs.get(i).isNullAt(1)) {
                    throw new IllegalArgumentException("DataFrame row " + (startsB.value()[q] + i) + ": '" + (rs.get(i).isNullAt(0) ? featuresColumn : labelColumn) + "' is null");
                }
                List<Object> f = rs.get(i).getList(0);
                if (f.size() != width) throw new IllegalArgumentException("column " + featuresColumn + ": row " + (startsB.value()[q] + i) + " has " + f.size() + " values, the first row " + width);
                for (int j = 0; j < width; j++) {
                    if (f.get(j) == null) throw new IllegalArgumentException("DataFrame row " + (startsB.value()[q] + i) + ": '" + featuresColumn + "' has a null at " + j);
                    x[i * width + j] = ((Number) f.get(j)).floatValue();
                }
                Number label = (Number) rs.get(i).get(1);
                if (classes > 0) {
                    int k = label.intValue();
                    if (k < 0 || k >= classes || k != label.doubleValue()) {
                        throw new IllegalArgumentException("column " + labelColumn + ": row " + (startsB.value()[q] + i) + " has label " + label + ", expected a class in 0.." + (classes - 1));
                    }
                    labels[i] = k;
                    y[i * outputs + k] = 1;
                } else {
                    y[i] = label.floatValue();
                }
            }
            return List.of(new Block(startsB.value()[q], rs.size(), width, x, outputs, y, labels)).iterator();
        }, true);
        return new SparkRows(sc, blocks, (int) total, width, outputs, classes > 0);
    }

    /** The architecture to send with each job, described once per network. */
    private NetSpec spec(Network net) {
        if (net != specOf) { spec = NetSpec.of(net); specOf = net; }
        return spec;
    }

    @Override public int size() { return size; }
    @Override public int features() { return features; }
    @Override public int outputs() { return outputs; }
    @Override public boolean isClassification() { return classification; }
    /** {@return the number of partitions the rows are cut into} */
    public int partitions() { return partitions; }

    /** The ids of the RDDs this holds cached (the rows, and the frozen layers' output during a phase that has one): tests drop their blocks. */
    List<Integer> cachedRddIds() { return frozen == null ? List.of(rows.id()) : List.of(rows.id(), frozen.id()); }

    @Override
    public void phaseStarted(Network net, boolean[] trainable, int lowest) {
        phaseEnded();
        if (lowest <= 0) return;
        Broadcast<float[]> params = sc.broadcast(net.parametersToArray());
        NetSpec spec = spec(net);
        int to = lowest - 1;
        frozenParams = params;
        frozen = rows.map(b -> Worker.forwardBlock(spec, params.value(), b, to)).persist(StorageLevel.MEMORY_AND_DISK());
        materialize(frozen);                              // computed now, once, while the parameters below stay fixed
        frozenBelow = lowest;
    }

    @Override
    public void phaseEnded() {
        if (frozen != null) frozen.unpersist(false);
        if (frozenParams != null) frozenParams.destroy();
        frozen = null;
        frozenParams = null;
        frozenBelow = 0;
    }

    @Override
    public double lossAndGradients(Network net, int[] order, int start, int count, boolean[] trainable, FloatMatrix[] gradients) {
        int[] batch = Arrays.copyOfRange(order, start, start + count);
        Broadcast<float[]> params = sc.broadcast(net.parametersToArray());
        Broadcast<int[]> names = sc.broadcast(batch);
        NetSpec spec = spec(net);
        boolean[] mask = trainable.clone();
        int from = frozen != null ? frozenBelow : 0, maxRows = count;
        JavaRDD<Block> source = frozen != null ? frozen : rows;
        List<Worker.Partial> parts = job(() -> source.mapPartitions((Iterator<Block> it) -> {
            List<Worker.Partial> out = new ArrayList<>(1);
            while (it.hasNext()) out.add(Worker.gradients(spec, params.value(), it.next(), names.value(), mask, from, maxRows));
            return out.iterator();
        }).collect());
        params.destroy();
        names.destroy();
        double loss = 0;
        float[] sum = null;
        for (Worker.Partial p : parts) {                   // partition order: the same sum whatever finished first
            if (p.rows() == 0) continue;
            loss += p.lossSum();
            if (sum == null) sum = p.gradientSum().clone();
            else for (int i = 0; i < sum.length; i++) sum[i] += p.gradientSum()[i];
        }
        for (int i = 0; i < sum.length; i++) sum[i] /= count;
        int at = 0;
        for (int l = 0; l < mask.length; l++) {
            if (!mask[l]) continue;
            int len = gradients[l].cols();
            gradients[l].copyFrom(Arrays.copyOfRange(sum, at, at + len));
            at += len;
        }
        return loss / count;
    }

    @Override
    public double[] evaluate(Network net) {
        Broadcast<float[]> params = sc.broadcast(net.parametersToArray());
        NetSpec spec = spec(net);
        List<double[]> parts = job(() -> rows.map(b -> Worker.evaluate(spec, params.value(), b)).collect());
        params.destroy();
        double loss = 0, correct = 0;
        for (double[] p : parts) { loss += p[0]; correct += p[1]; }
        return new double[] {loss / size, classification ? correct / size : Double.NaN};
    }

    @Override
    public void close() {
        phaseEnded();
        rows.unpersist(false);
        for (Broadcast<Block> b : shipped) b.destroy();
    }
}

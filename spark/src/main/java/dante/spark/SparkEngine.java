package dante.spark;

import dante.core.data.Dataset;
import dante.core.train.DistributedEngine;
import dante.core.train.DistributedRows;

/** {@code dante train --engine spark}: the training rows go to a Spark session on {@code --master}, cut into {@code --partitions} slices. */
public final class SparkEngine implements DistributedEngine {
    /** The engine; {@link java.util.ServiceLoader} creates it. */
    public SparkEngine() {}

    @Override public String name() { return "spark"; }

    @Override
    public DistributedRows rows(Dataset train, String master, int partitions) {
        var spark = SparkSetup.session(master);
        int p = partitions > 0 ? partitions : spark.sparkContext().defaultParallelism();
        return SparkRows.of(spark, train, p);
    }

    @Override
    public String describe(DistributedRows rows, String master) {
        var spark = SparkSetup.session(master);
        int p = ((SparkRows) rows).partitions();
        return "spark " + spark.sparkContext().master() + ", " + p + " partitions, executors' kernels: " + executorKernels(spark, p);
    }

    /**
     * What each executor runs: one task per partition reports its JVM's kernels (name, vector width, whether the
     * Vector API module is there) and its process; the distinct answers, sorted.
     */
    static String executorKernels(org.apache.spark.sql.SparkSession spark, int partitions) {
        var sc = org.apache.spark.api.java.JavaSparkContext.fromSparkContext(spark.sparkContext());
        java.util.List<Integer> ids = java.util.stream.IntStream.range(0, Math.max(1, partitions)).boxed().toList();
        java.util.List<String> seen = sc.parallelize(ids, Math.max(1, partitions)).map(i -> {
            dante.kernels.Kernels k = dante.kernels.Kernels.best();
            return k.name() + (dante.kernels.Kernels.panamaAvailable() ? "" : " (no Vector API module)") + " in pid " + ProcessHandle.current().pid();
        }).distinct().collect();
        return String.join("; ", new java.util.TreeSet<>(seen));
    }
}

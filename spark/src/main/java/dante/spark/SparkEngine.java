package dante.spark;

import dante.cli.DistributedEngine;
import dante.core.data.Dataset;
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
        return "spark " + spark.sparkContext().master() + ", " + ((SparkRows) rows).partitions() + " partitions";
    }
}

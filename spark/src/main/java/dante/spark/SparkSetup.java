package dante.spark;

import java.util.List;

import org.apache.spark.SparkConf;
import org.apache.spark.launcher.JavaModuleOptions;
import org.apache.spark.sql.SparkSession;

/**
 * The one place that says how Dante runs on Spark: the JVM flags every driver and executor
 * needs (Spark's own list for recent JDKs, {@link JavaModuleOptions#defaultModuleOptions()},
 * which already adds {@code --add-modules=jdk.incubator.vector} and the {@code --add-opens}
 * Spark documents), and the session Dante opens. A driver started by hand must carry the
 * flags on its command line ({@code java $(dante-spark-flags) ...}: the launcher does it;
 * {@code spark-submit} adds them itself); executors get them from the session's configuration.
 * {@code SparkSetup --jvm-flags} prints them, one per line.
 */
public final class SparkSetup {
    private SparkSetup() {}

    /**
     * The JVM flags for a driver or an executor, as Spark gives them for this JDK.
     *
     * @return the flags, one per element
     */
    public static List<String> jvmFlags() { return List.of(JavaModuleOptions.defaultModuleOptionArray()); }

    /**
     * A session on {@code master} (e.g. {@code local[*]}, {@code spark://host:7077}), or the
     * active one when a session already runs in this JVM (a {@code spark-submit} job, a test):
     * its master is then the one in force. The web UI is off unless {@code spark.ui.enabled}
     * is set; executors get {@link #jvmFlags()}.
     *
     * @param master the master URL
     * @return the session
     * @throws IllegalArgumentException in one line when {@code master} is not a master URL Spark takes or the session does not start
     */
    public static SparkSession session(String master) {
        if (!MASTER.matcher(master).matches()) {
            throw new IllegalArgumentException("--master: expected local, local[N], local[*], spark://HOST:PORT, yarn or k8s://URL, found '" + master + "'");
        }
        var active = SparkSession.getActiveSession();
        if (active.isDefined()) return active.get();
        String flags = String.join(" ", jvmFlags());
        SparkConf conf = new SparkConf().setAppName("dante").setIfMissing("spark.master", master)
                .setIfMissing("spark.ui.enabled", "false")
                // a step returns one parameter-sized array per partition: straight to the driver (not through the block
                // manager, Spark's default above 1 MiB), with no cap on their total, and broadcasts of float weights uncompressed
                .setIfMissing("spark.rpc.message.maxSize", "512")
                .setIfMissing("spark.task.maxDirectResultSize", "400m")
                .setIfMissing("spark.driver.maxResultSize", "0")
                .setIfMissing("spark.broadcast.compress", "false")
                .setIfMissing("spark.locality.wait", "0")
                .setIfMissing("spark.executor.extraJavaOptions", flags)
                .setIfMissing("spark.driver.extraJavaOptions", flags);
        try {
            return SparkSession.builder().config(conf).getOrCreate();
        } catch (Exception e) {                                 // a master that does not answer, a port in use (Spark throws its checked exceptions undeclared): one line
            throw new IllegalArgumentException("--master " + master + ": Spark could not start: " + e.getMessage(), e);
        }
    }

    /** The master URLs Spark takes (its own check comes later, with a stack trace in its log). */
    private static final java.util.regex.Pattern MASTER =
            java.util.regex.Pattern.compile("local(\\[(\\*|[1-9]\\d*)(,[1-9]\\d*)?])?|local-cluster\\[.+]|spark://.+|yarn|k8s://.+");

    /**
     * Prints {@link #jvmFlags} one per line when called with {@code --jvm-flags} (what {@code ./dante} reads).
     *
     * @param args {@code --jvm-flags}
     */
    public static void main(String[] args) {
        if (args.length == 1 && args[0].equals("--jvm-flags")) {
            jvmFlags().forEach(System.out::println);
            return;
        }
        System.err.println("SparkSetup: expected --jvm-flags, found " + String.join(" ", args));
        System.exit(2);
    }
}

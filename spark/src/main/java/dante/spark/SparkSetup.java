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
        boolean local = conf.get("spark.master").startsWith("local");      // spark-submit's --master wins over the command's
        // executors in their own JVMs (a standalone cluster, YARN, Kubernetes) do not see this class path: Dante's jars go with the application
        if (!local) conf.setIfMissing("spark.jars", String.join(",", applicationJars()));
        SparkSession session;
        try {
            session = SparkSession.builder().config(conf).getOrCreate();
        } catch (Exception e) {                                 // a master that does not answer, a port in use (Spark throws its checked exceptions undeclared): one line
            throw new IllegalArgumentException("--master " + master + ": Spark could not start: " + firstLine(e), e);
        }
        if (!local) awaitExecutors(session, master);
        return session;
    }

    /** How long a run waits for the first executor of a cluster, in seconds ({@code spark.dante.executorWait}). */
    static final String EXECUTOR_WAIT = "spark.dante.executorWait";

    /**
     * Waits until at least one executor has registered, or stops with one line: a cluster whose workers are gone, or
     * too small for the executors asked of it, otherwise leaves a job waiting for resources forever.
     */
    private static void awaitExecutors(SparkSession session, String master) {
        long seconds = session.sparkContext().getConf().getLong(EXECUTOR_WAIT, 120);
        long end = System.nanoTime() + seconds * 1_000_000_000L;
        while (session.sparkContext().statusTracker().getExecutorInfos().length < 2) {      // the driver counts as one
            if (session.sparkContext().isStopped()) {
                throw new IllegalArgumentException("--master " + master + ": the cluster stopped the application before any executor started (is the master up?)");
            }
            if (System.nanoTime() > end) {
                session.stop();
                throw new IllegalArgumentException("--master " + master + ": no executor started within " + seconds + " s; are workers registered with the master, "
                        + "with the cores and memory spark.executor.cores and spark.executor.memory ask for? (" + EXECUTOR_WAIT + " sets the wait)");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for executors", e);
            }
        }
    }

    /**
     * The jars that hold the Dante code executors run (dante-spark, dante-core, dante-vector-kernels,
     * dante-datasets), for {@code spark.jars}; a class directory (a build's {@code target/classes}) is packed into a
     * jar first.
     *
     * @return the jars' paths
     */
    public static List<String> applicationJars() {
        Class<?>[] anchors = {SparkSetup.class, dante.core.nn.Network.class, dante.kernels.Kernels.class,
                dante.datasets.FashionMnist.class};
        java.util.LinkedHashSet<String> jars = new java.util.LinkedHashSet<>();
        for (Class<?> c : anchors) {
            try {
                java.nio.file.Path p = java.nio.file.Path.of(c.getProtectionDomain().getCodeSource().getLocation().toURI());
                jars.add(java.nio.file.Files.isDirectory(p) ? packed(p).toString() : p.toString());
            } catch (java.net.URISyntaxException | java.io.IOException | RuntimeException e) {
                throw new IllegalStateException("cannot find the jar of " + c.getName() + " to send to the executors: " + e.getMessage(), e);
            }
        }
        return List.copyOf(jars);
    }

    /** A class directory as a temporary jar (deleted when the JVM exits). */
    private static java.nio.file.Path packed(java.nio.file.Path dir) throws java.io.IOException {
        java.nio.file.Path jar = java.nio.file.Files.createTempFile("dante-classes-", ".jar");
        jar.toFile().deleteOnExit();
        try (var out = new java.util.jar.JarOutputStream(java.nio.file.Files.newOutputStream(jar));
             var files = java.nio.file.Files.walk(dir)) {
            for (java.nio.file.Path f : (Iterable<java.nio.file.Path>) files.sorted()::iterator) {
                if (!java.nio.file.Files.isRegularFile(f)) continue;
                out.putNextEntry(new java.util.jar.JarEntry(dir.relativize(f).toString().replace(java.io.File.separatorChar, '/')));
                java.nio.file.Files.copy(f, out);
                out.closeEntry();
            }
        }
        return jar;
    }

    /** The first line of an exception's message, or of its cause's (Spark's messages carry whole stack traces). */
    static String firstLine(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t.getMessage() != null && !t.getMessage().isBlank()) return t.getMessage().strip().lines().findFirst().orElse("");
        }
        return e.toString();
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

package dante.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;


/**
 * A real standalone Spark cluster on this machine's loopback: a Master and a Worker, each its own JVM started from
 * Spark's own jars, a SPARK_HOME holding only Spark's jars (as a Spark distribution does), so the Worker's executor
 * JVMs see none of Dante's classes unless the application sends them. The driver is a separate JVM running
 * {@code dante train --engine spark --master spark://127.0.0.1:PORT}. Before Dante sent its jars every task failed
 * with {@code ClassNotFoundException: dante.spark.SparkRows}.
 */
class SparkClusterTest {
    static Path home;
    static Process master, worker;
    static int port;

    static String java() { return Path.of(System.getProperty("java.home"), "bin", "java").toString(); }

    /** Spark's jars and their dependencies from this JVM's class path: no Dante module, no test library. */
    static List<Path> sparkJars() {
        List<Path> out = new ArrayList<>();
        for (String e : System.getProperty("java.class.path").split(File.pathSeparator)) {
            Path p = Path.of(e);
            String n = p.getFileName().toString();
            if (!n.endsWith(".jar") || n.startsWith("dante-") || e.contains("/dev/dante/") || e.contains("junit") || e.contains("jqwik")
                    || e.contains("opentest4j") || e.contains("apiguardian") || e.contains("surefire")) continue;
            out.add(p.toAbsolutePath());
        }
        return out;
    }

    static Process start(Path log, List<String> cmd) throws IOException {
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", home.toString());
        env.put("SPARK_SCALA_VERSION", "2.13");
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        return pb.start();
    }

    static void await(Path log, String text, Process p) throws Exception {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(90);
        while (System.nanoTime() < end) {
            if (Files.exists(log) && Files.readString(log).contains(text)) return;
            if (!p.isAlive()) throw new AssertionError("exited before '" + text + "':\n" + Files.readString(log));
            Thread.sleep(200);
        }
        throw new AssertionError("no '" + text + "' within 90 s:\n" + Files.readString(log));
    }

    @BeforeAll
    static void cluster() throws Exception {
        home = Files.createTempDirectory("dante-spark-home");
        Path jars = Files.createDirectories(home.resolve("jars"));
        for (Path j : sparkJars()) Files.createSymbolicLink(jars.resolve(j.getFileName()), j);
        Files.writeString(home.resolve("RELEASE"), "Spark (the jars of the Maven build, for a test cluster)\n");
        Files.createDirectories(home.resolve("work"));
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        List<String> jvm = new ArrayList<>(List.of(java(), "-Xmx512m", "-cp", jars + File.separator + "*"));
        jvm.addAll(SparkSetup.jvmFlags());
        List<String> m = new ArrayList<>(jvm);
        m.addAll(List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", String.valueOf(port), "--webui-port", "0"));
        master = start(home.resolve("master.log"), m);
        await(home.resolve("master.log"), "I have been elected leader", master);
        List<String> w = new ArrayList<>(jvm);
        w.addAll(List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1", "--cores", "2", "--memory", "1536m", "--webui-port", "0",
                "--work-dir", home.resolve("work").toString(), "spark://127.0.0.1:" + port));
        worker = start(home.resolve("worker.log"), w);
        await(home.resolve("worker.log"), "Successfully registered with master", worker);
    }

    @AfterAll
    static void stop() throws Exception {
        for (Process p : new Process[] {worker, master}) {
            if (p == null) continue;
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            p.waitFor(30, TimeUnit.SECONDS);
        }
        if (home != null) {
            try (var files = Files.walk(home)) {
                for (Path f : (Iterable<Path>) files.sorted(java.util.Comparator.reverseOrder())::iterator) Files.deleteIfExists(f);
            }
        }
    }

    /** The driver: {@code dante train} in its own JVM on this class path (Dante's modules and Spark). */
    static String[] driver(Path log, String... args) throws Exception { return driver(log, List.of(), args); }

    static String[] driver(Path log, List<String> properties, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(java(), "-Xmx1g", "-cp", System.getProperty("java.class.path"), "--add-modules", "jdk.incubator.vector"));
        cmd.addAll(properties);
        cmd.addAll(SparkSetup.jvmFlags());
        cmd.add("-Dlog4j2.configurationFile=" + Path.of("log4j2.properties").toAbsolutePath());
        cmd.add("-Dspark.executor.memory=700m");
        cmd.add("-Dspark.driver.host=127.0.0.1");
        cmd.add("-Dspark.driver.bindAddress=127.0.0.1");
        cmd.add("dante.cli.Main");
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false).redirectError(log.toFile());
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");                 // loopback only: the driver binds there, not to the machine's interface
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes());
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the driver finished");
        return new String[] {String.valueOf(p.exitValue()), out, Files.readString(log)};
    }

    @Test
    void danteOnAStandaloneClusterGivesTheLocalRunsNumbers() throws Exception {
        for (String method : List.of("dante")) {                     // SGD's equality is the killed-executor test's
            Path local = home.resolve("local-" + method), remote = home.resolve("cluster-" + method);
            List<String> common = List.of("train", "--data", "teacher", "--arch", "20,32,4", "--method", method, "--lr", "0.05", "--epochs", "2", "--rounds", "1",
                    "--threads", "1");
            List<String> a = new ArrayList<>(common);
            a.addAll(List.of("--out", local.toString()));
            SparkCommandTest.Run l = SparkCommandTest.run(a.toArray(String[]::new));
            assertEquals(0, l.status(), l.err());
            List<String> b = new ArrayList<>(common);
            b.addAll(List.of("--engine", "spark", "--master", "spark://127.0.0.1:" + port, "--partitions", "2", "--out", remote.toString()));
            String[] r = driver(home.resolve("driver-" + method + ".log"), b.toArray(String[]::new));
            assertEquals("0", r[0], r[1] + "\n" + r[2]);
            String summary = Files.readString(remote.resolve("summary.json"));
            assertTrue(summary.contains("spark://127.0.0.1:" + port) && summary.contains("executors' kernels: panama"), summary);
            assertTrue(!summary.contains("pid " + ProcessHandle.current().pid()), "the executors are other processes: " + summary);
            SparkCommandTest.assertSameHistory(local, remote, method);
        }
    }

    @Test
    void aMasterWithNoWorkerEndsInOneLine() throws Exception {
        int idle;
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            idle = s.getLocalPort();
        }
        List<String> m = new ArrayList<>(List.of(java(), "-Xmx256m", "-cp", home.resolve("jars") + File.separator + "*"));
        m.addAll(SparkSetup.jvmFlags());
        m.addAll(List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", String.valueOf(idle), "--webui-port", "0"));
        Process lonely = start(home.resolve("lonely.log"), m);
        try {
            await(home.resolve("lonely.log"), "I have been elected leader", lonely);
            String[] r = driver(home.resolve("driver-lonely.log"), List.of("-Dspark.dante.executorWait=5"), "train", "--data", "teacher", "--engine", "spark",
                    "--master", "spark://127.0.0.1:" + idle, "--out", home.resolve("lonely-run").toString());
            assertEquals("2", r[0], r[2]);
            List<String> lines = r[2].lines().filter(l -> l.startsWith("dante:")).toList();
            assertEquals(1, lines.size(), r[2]);
            assertTrue(lines.get(0).contains("no executor started within 5 s"), lines.get(0));
        } finally {
            lonely.destroyForcibly();
        }
    }

    /** The executor JVMs the Worker started (Spark's CoarseGrainedExecutorBackend), as they run now. */
    static List<ProcessHandle> executors() {
        return worker.descendants().filter(h -> h.info().commandLine().orElse("").contains("CoarseGrainedExecutorBackend")).toList();
    }

    /**
     * A real process loss: the executor JVM is killed with SIGKILL while the run trains. The Worker starts another,
     * Spark re-runs the lost tasks and recomputes the lost cached partitions from their lineage, and the run ends with
     * the uninterrupted local run's numbers.
     */
    @Test
    void aKilledExecutorIsReplacedAndTheRunEndsWithTheSameNumbers() throws Exception {
        List<String> common = List.of("train", "--data", "teacher", "--arch", "20,32,4", "--method", "sgd", "--lr", "0.05", "--epochs", "4", "--batch", "32",
                "--threads", "1");
        Path local = home.resolve("local-kill"), remote = home.resolve("cluster-kill");
        List<String> a = new ArrayList<>(common);
        a.addAll(List.of("--out", local.toString()));
        assertEquals(0, SparkCommandTest.run(a.toArray(String[]::new)).status());
        List<String> b = new ArrayList<>(common);
        b.addAll(List.of("--engine", "spark", "--master", "spark://127.0.0.1:" + port, "--partitions", "2", "--out", remote.toString()));
        java.util.concurrent.atomic.AtomicLong killed = new java.util.concurrent.atomic.AtomicLong(-1);
        Thread killer = new Thread(() -> {
            try {
                long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
                while (System.nanoTime() < end && executors().isEmpty()) Thread.sleep(100);
                Thread.sleep(6000);                                  // into training: the rows are cached, steps are running
                for (ProcessHandle h : executors()) {
                    if (h.destroyForcibly()) killed.set(h.pid());
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        killer.start();
        String[] r = driver(home.resolve("driver-kill.log"), b.toArray(String[]::new));
        killer.join();
        assertEquals("0", r[0], r[1] + "\n" + r[2]);
        assertTrue(killed.get() > 0, "an executor was killed during the run");
        SparkCommandTest.assertSameHistory(local, remote, "sgd after a killed executor");
    }
}

package dante.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;


/**
 * The application jar as a cluster user runs it: Spark's own {@code SparkSubmit} (what the {@code spark-submit} script
 * runs) on a class path of Spark's jars only, given {@code dante-spark-VERSION-submit.jar} and the main class
 * {@code dante.cli.Main}, against a standalone cluster on the loopback. Runs after packaging (Failsafe).
 */
class SparkSubmitIT {
    @BeforeAll
    static void cluster() throws Exception { SparkClusterTest.cluster(); }

    @AfterAll
    static void stop() throws Exception { SparkClusterTest.stop(); }

    static Path submitJar() throws Exception {
        try (var files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("dante-spark-.*-submit\\.jar")).findFirst()
                    .orElseThrow(() -> new AssertionError("target/dante-spark-*-submit.jar is built at package")).toAbsolutePath();
        }
    }

    @Test
    void sparkSubmitRunsTheApplicationJarOnTheCluster() throws Exception {
        Path home = SparkClusterTest.home, local = home.resolve("submit-local"), remote = home.resolve("submit-cluster");
        List<String> train = List.of("train", "--data", "teacher", "--arch", "20,32,4", "--method", "dante", "--lr", "0.05", "--rounds", "1", "--threads", "1");
        List<String> a = new ArrayList<>(train);
        a.addAll(List.of("--out", local.toString()));
        assertEquals(0, SparkCommandTest.run(a.toArray(String[]::new)).status());

        List<String> cmd = new ArrayList<>(List.of(SparkClusterTest.java(), "-Xmx1g", "-cp", home.resolve("jars") + File.separator + "*",
                "--add-modules", "jdk.incubator.vector"));
        cmd.addAll(SparkSetup.jvmFlags());
        cmd.add("-Dlog4j2.configurationFile=" + Path.of("log4j2.properties").toAbsolutePath());
        cmd.addAll(List.of("org.apache.spark.deploy.SparkSubmit", "--master", "spark://127.0.0.1:" + SparkClusterTest.port, "--class", "dante.cli.Main",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1", "--conf", "spark.executor.memory=700m",
                submitJar().toString()));
        cmd.addAll(train);
        cmd.addAll(List.of("--engine", "spark", "--partitions", "2", "--out", remote.toString()));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(home.resolve("submit.log").toFile());
        pb.environment().put("SPARK_HOME", home.toString());
        pb.environment().put("SPARK_SCALA_VERSION", "2.13");
        pb.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
        Process p = pb.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "spark-submit finished");
        String log = Files.readString(home.resolve("submit.log"));
        assertEquals(0, p.exitValue(), log);
        String summary = Files.readString(remote.resolve("summary.json"));
        assertTrue(summary.contains("spark://127.0.0.1:" + SparkClusterTest.port) && summary.contains("executors' kernels: panama"), summary);
        SparkCommandTest.assertSameHistory(local, remote, "dante through spark-submit");
    }
}

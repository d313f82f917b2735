package dante.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The shaded dante.jar as a separate java process (runs after packaging, under Failsafe). */
class StandaloneJarIT {
    @TempDir Path dir;

    static Path jar() {
        Path j = Path.of("target", "dante.jar");
        assertTrue(Files.isRegularFile(j), "the shaded jar " + j.toAbsolutePath() + " must exist after packaging");
        return j;
    }

    static String[] run(String... args) throws IOException, InterruptedException {
        return runWith(List.of(), args);
    }

    static String[] runWith(List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        return runWith(java.util.Map.of(), jvmOptions, args);
    }

    static String[] runWith(java.util.Map<String, String> env, List<String> jvmOptions, String... args) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> cmd = new java.util.ArrayList<>(List.of(java, "--add-modules", "jdk.incubator.vector"));
        cmd.addAll(jvmOptions);
        cmd.addAll(List.of("-jar", jar().toString()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(false);
        pb.environment().putAll(env);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS));
        return new String[] {String.valueOf(p.exitValue()), out, err};
    }

    @Test
    void theJarRunsOnItsOwn() throws Exception {
        String[] r = run("info");
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("panama"), r[1]);
        Path out = dir.resolve("run");
        r = run("train", "--data", "teacher", "--method", "sgd", "--lr", "0.1", "--epochs", "1", "--out", out.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(Files.exists(out.resolve("model.safetensors")));
        r = run("train", "--data", "nope", "--out", out.toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].lines().filter(l -> !l.startsWith("WARNING")).count() == 1, r[2]);
    }

    /**
     * The kernel warm-up while the data loads changes when the kernels compile, never what they
     * compute: runs through e^x (sigmoid hidden layers, softmax cross-entropy) and through DANTE's
     * phases write the same model bits and the same history, seconds aside, with it and without.
     */
    @Test
    void theKernelWarmUpChangesNoNumber() throws Exception {
        List<List<String>> runs = List.of(List.of("--method", "sgd", "--activation", "sigmoid", "--loss", "ce", "--epochs", "2"),
                List.of("--method", "dante", "--rounds", "2", "--loss", "mse"));
        for (List<String> how : runs) {
            byte[] model = null;
            List<String> history = null;
            for (List<String> jvm : List.of(List.of("-Ddante.warmup=false"), List.of("-Ddante.warmup=true"))) {
                Path out = dir.resolve("run-" + how.get(1) + "-" + jvm.get(0).substring(jvm.get(0).indexOf('=') + 1));
                List<String> args = new java.util.ArrayList<>(List.of("train", "--data", "teacher", "--lr", "0.1", "--threads", "2", "--seed", "3", "--out", out.toString()));
                args.addAll(how);
                String[] r = runWith(jvm, args.toArray(String[]::new));
                assertEquals("0", r[0], r[2]);
                byte[] m = Files.readAllBytes(out.resolve("model.safetensors"));
                List<String> h = Files.readAllLines(out.resolve("history.csv")).stream().map(l -> l.substring(0, l.lastIndexOf(','))).toList();  // the seconds column last
                if (model == null) {
                    model = m;
                    history = h;
                } else {
                    assertTrue(java.util.Arrays.equals(model, m), how + ": the model differs with the warm-up");
                    assertEquals(history, h, how + ": the history differs with the warm-up");
                }
            }
        }
    }

    /**
     * A machine without Fashion-MNIST (the default location moved to an empty directory): the demo says so, runs the
     * planted-teacher stand-in and writes its report. The launcher's build failed here before (the examples' invoker
     * run loaded Fashion-MNIST); .ci/run also runs {@code ./dante demo} this way on the fresh clone.
     */
    @Test
    void theDemoRunsTheStandInWhereFashionMnistIsAbsent() throws Exception {
        Path empty = Files.createDirectories(dir.resolve("no-data"));
        Path out = dir.resolve("demo");
        String[] r = runWith(java.util.Map.of(dante.datasets.FashionMnist.DIR_VARIABLE, empty.toString()), List.of(), "demo", "--out", out.toString());
        assertEquals("0", r[0], r[2]);
        assertTrue(r[1].contains("Fashion-MNIST is not installed, so this is a toy stand-in"), r[1]);
        assertTrue(Files.isRegularFile(out.resolve("comparison.md")), "the demo writes its report");
    }

    /**
     * Every third-party package shaded into dante.jar is accounted for in the NOTICE it carries
     * (by its Maven coordinates), and every licence text the NOTICE points to is in the jar; a
     * dependency shaded in without a NOTICE entry fails here.
     */
    @Test
    void theJarCarriesItsLicenceAndANoticeForEveryBundledPackage() throws Exception {
        java.util.Map<String, String> coordinates = pairs(
                "picocli", "info.picocli:picocli", "org/jfree/chart", "org.jfree:jfreechart", "org/jfree/data", "org.jfree:jfreechart",
                "org/apache/batik", "org.apache.xmlgraphics:batik-svggen", "org/apache/xmlgraphics", "org.apache.xmlgraphics:xmlgraphics-commons",
                "org/apache/commons/io", "commons-io:commons-io", "org/apache/commons/logging", "commons-logging:commons-logging", "de/bwaldvogel", "de.bwaldvogel:liblinear", "me/tongfei", "me.tongfei:progressbar",
                "org/jline", "org.jline", "us/hebi", "us.hebi.matlab.mat:mfl-core");
        try (java.util.zip.ZipFile z = new java.util.zip.ZipFile(jar().toFile())) {
            for (String f : List.of("META-INF/LICENSE", "META-INF/NOTICE")) assertTrue(z.getEntry(f) != null, "dante.jar carries " + f);
            String notice = new String(z.getInputStream(z.getEntry("META-INF/NOTICE")).readAllBytes(), StandardCharsets.UTF_8);
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("META-INF/licenses/[\\w.-]+\\.txt").matcher(notice);
            int texts = 0;
            for (; m.find(); texts++) assertTrue(z.getEntry(m.group()) != null, "NOTICE points to " + m.group() + ", which dante.jar must carry");
            assertTrue(texts >= 4, "NOTICE points to the LGPL, LIBLINEAR, progressbar and JLine texts: found " + texts);
            // no component under the GPL: it would make the whole jar GPL (JFreeSVG did, until Batik's SVG generator replaced it)
            assertTrue(!notice.contains("General Public License 3") && z.getEntry("META-INF/licenses/GPL-3.0.txt") == null, "dante.jar bundles nothing under the GPL");
            assertTrue(new String(z.getInputStream(z.getEntry("META-INF/LICENSE")).readAllBytes(), StandardCharsets.UTF_8).contains("Apache License"));
            java.util.Set<String> unaccounted = new java.util.TreeSet<>();
            z.stream().filter(e -> e.getName().endsWith(".class") && !e.getName().startsWith("dante/") && !e.getName().startsWith("META-INF/")).forEach(e -> {
                String owner = coordinates.keySet().stream().filter(e.getName()::startsWith).findFirst().orElse(null);
                if (owner == null || !notice.contains(coordinates.get(owner))) unaccounted.add(e.getName().substring(0, Math.max(0, e.getName().lastIndexOf('/'))));
            });
            assertTrue(unaccounted.isEmpty(), "packages in dante.jar that NOTICE does not list: " + unaccounted);
        }
    }

    /**
     * A 64 MB heap and a gzip file of 200 KB that inflates to 60 MB of short CSV fields: refused in one line from
     * what the heap can parse (it ended in an OutOfMemoryError with a stack trace before).
     */
    @Test
    void aCsvThatInflatesBeyondTheHeapIsOneLine() throws Exception {
        Path bomb = dir.resolve("bomb.csv.gz");
        try (java.io.Writer w = new java.io.OutputStreamWriter(new java.util.zip.GZIPOutputStream(Files.newOutputStream(bomb)), StandardCharsets.US_ASCII)) {
            w.write("a,b,y\n");
            String line = "1,2,3\n".repeat(1000);
            for (int i = 0; i < 10_000; i++) w.write(line);
        }
        String[] r = runWith(List.of("-Xmx64m"), "train", "--data", "csv:" + bomb, "--out", dir.resolve("bomb-run").toString());
        assertEquals("2", r[0], r[2]);
        List<String> lines = r[2].lines().filter(l -> !l.startsWith("WARNING")).toList();
        assertEquals(1, lines.size(), r[2]);
        assertTrue(lines.get(0).contains("heap"), lines.get(0));
    }

    /** A library in a constrained environment: the data lives off the heap, so a 64 MB heap trains on all of Fashion-MNIST. */
    @Test
    void fashionMnistTrainsInA64MegabyteHeap() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(dante.datasets.FashionMnist.installed(), "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        Path out = dir.resolve("small-heap");
        String[] r = runWith(List.of("-Xmx64m"), "train", "--method", "sgd", "--epochs", "1", "--out", out.toString());
        assertEquals("0", r[0], r[2]);
        List<String> history = Files.readAllLines(out.resolve("history.csv"));
        assertEquals(3, history.size(), "header, the initial evaluation and one epoch: " + history);
        assertTrue(history.get(2).startsWith("1.0,"), history.get(2));
    }

    private static java.util.Map<String, String> pairs(String... kv) {
        java.util.Map<String, String> m = new java.util.LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put(kv[i], kv[i + 1]);
        return m;
    }
}

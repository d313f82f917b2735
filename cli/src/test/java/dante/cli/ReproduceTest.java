package dante.cli;

import static dante.cli.CommandsTest.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import javax.imageio.ImageIO;

import dante.core.model.Json;
import dante.datasets.FashionMnist;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code dante reproduce}: every experiment runs end to end under --quick and writes its files
 * (the numbers are not checked: --quick budgets mean nothing); the image sets it needs are read
 * from small files in their real formats; what cannot run says why and exits 2.
 */
class ReproduceTest {
    @TempDir Path dir;

    static final List<String> IDS = List.of("fig2", "fig3", "fig4", "fig5", "fig6", "table1", "table2", "fig7", "fig8", "table3", "table4", "fig9");

    @Test
    void listNamesEveryExperimentItsDataAndWhetherItIsHere() {
        CommandsTest.Run r = run("reproduce", "--list");
        assertEquals(0, r.status(), r.err());
        for (String id : IDS) assertTrue(r.out().lines().anyMatch(l -> l.startsWith(id + " ")), id + " missing from\n" + r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("fig3 ") && l.contains("missing")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("table3 ") && l.contains("here")), r.out());
    }

    @Test
    void whatCannotRunSaysWhyInOneLineAndExitsTwo() {
        CommandsTest.Run r = run("reproduce", "fig3", "--quick", "--data-dir", dir.toString(), "--out", dir.toString());
        assertEquals(2, r.status());
        assertTrue(r.err().strip().startsWith("dante reproduce fig3: cannot run here: needs CIFAR-10"), r.err());
        r = run("reproduce", "table3", "--quick", "--arch", "airfoyl=5,8,1", "--out", dir.toString());
        assertEquals(2, r.status());
        assertEquals("dante: --arch airfoyl=5,8,1: table3 has no part 'airfoyl' (its summary.md names the parts; most single-net experiments call theirs 'net')",
                r.err().strip());
        r = run("reproduce", "fig10");
        assertEquals(2, r.status());
        assertTrue(r.err().contains("no experiment 'fig10'"), r.err());
    }

    /**
     * An experiment shared between processes: each runs some parts into one --out and writes no
     * verdicts; the whole experiment run again with --reuse trains nothing and judges exactly what
     * one uninterrupted run judges.
     */
    @Test
    void partsRunApartAreJudgedTogetherAsOneRunJudgesThem() throws Exception {
        Path shared = dir.resolve("shared"), whole = dir.resolve("whole");
        CommandsTest.Run a = run("reproduce", "table3", "--quick", "--threads", "1", "--parts", "airfoil,ccpp", "--out", shared.toString());
        assertEquals(0, a.status(), a.err());
        assertTrue(Files.isDirectory(shared.resolve("table3").resolve("ccpp")) && !Files.exists(shared.resolve("table3").resolve("forestfires")), "only the parts named ran");
        assertTrue(!Files.exists(shared.resolve("table3").resolve("verdicts.json")) && !Files.exists(shared.resolve("table3").resolve("summary.md")), "a share writes no verdicts");
        assertTrue(a.out().contains("ran 2 of 4 parts of table3 (--parts)"), a.out());
        CommandsTest.Run b = run("reproduce", "table3", "--quick", "--threads", "1", "--parts", "forestfires,forestfires-log", "--out", shared.toString());
        assertEquals(0, b.status(), b.err());
        Map<Path, java.nio.file.attribute.FileTime> models = modelTimes(shared);
        assertTrue(models.size() > 4, "the shares trained models: " + models.keySet());
        CommandsTest.Run judged = run("reproduce", "table3", "--quick", "--threads", "1", "--reuse", "--out", shared.toString());
        assertEquals(0, judged.status(), judged.err());
        assertEquals(4, judged.out().lines().filter(l -> l.matches("reused \\d+ finished run\\(s\\) from .*") && !l.startsWith("reused 0 ")).count(), judged.out());
        assertEquals(models, modelTimes(shared), "judging trained nothing again");
        CommandsTest.Run once = run("reproduce", "table3", "--quick", "--threads", "1", "--out", whole.toString());
        assertEquals(0, once.status(), once.err());
        Map<?, ?> together = (Map<?, ?>) Json.parse(Files.readString(shared.resolve("table3").resolve("verdicts.json")), "shared");
        Map<?, ?> alone = (Map<?, ?>) Json.parse(Files.readString(whole.resolve("table3").resolve("verdicts.json")), "whole");
        assertEquals(alone.get("rows"), together.get("rows"));
        assertEquals(alone.get("parts"), together.get("parts"));

        CommandsTest.Run bad = run("reproduce", "table3", "--quick", "--parts", "airfoyl", "--out", shared.toString());
        assertEquals(2, bad.status());
        assertEquals("dante: --parts airfoyl: table3 has no such part (its parts: airfoil, forestfires, forestfires-log, ccpp)", bad.err().strip());
        bad = run("reproduce", "all", "--quick", "--parts", "airfoil", "--out", shared.toString());
        assertEquals("dante: --parts: name one experiment, not all", bad.err().strip());
    }

    private static Map<Path, java.nio.file.attribute.FileTime> modelTimes(Path root) throws java.io.IOException {
        Map<Path, java.nio.file.attribute.FileTime> m = new java.util.TreeMap<>();
        try (var files = Files.walk(root)) {
            for (Path p : files.filter(f -> f.getFileName().toString().equals("model.safetensors")).toList()) m.put(p, Files.getLastModifiedTime(p));
        }
        return m;
    }

    /** The data directory of the image sets the paper used, written here in their real formats (and the paper's small sets when present). */
    Path paperData() throws Exception {
        Path data = dir.resolve("data");
        RealFormatFiles.cifar(data.resolve("cifar-10-batches-bin"), 40, 3);
        int[] labels = new int[120];
        for (int i = 0; i < labels.length; i++) labels[i] = 1 + i % 10;
        RealFormatFiles.svhn(data.resolve("svhn").resolve("train_32x32.mat"), labels);
        RealFormatFiles.svhn(data.resolve("svhn").resolve("test_32x32.mat"), java.util.Arrays.copyOf(labels, 40));
        RealFormatFiles.tinyImageNet(data.resolve("tiny-imagenet-200"), 200, 2, 200);
        Path shared = Path.of("..", "..", "shared", "datasets");
        if (Files.isDirectory(shared)) {
            for (String set : List.of("svmguide4", "usps")) Files.createSymbolicLink(data.resolve(set), shared.resolve(set).toAbsolutePath());
        }
        return data;
    }

    @Test
    void everyExperimentRunsQuickAndAllAssemblesTheirVerdicts() throws Exception {
        Assumptions.assumeTrue(FashionMnist.installed() || System.getenv("CI") != null, "Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)");
        Path data = paperData(), out = dir.resolve("out");
        String tiny = "one-hidden=12288,16,200,two-hidden=12288,16,8,200,five-hidden=12288,16,8,8,8,8,200";
        for (String id : IDS) {
            List<String> args = new ArrayList<>(List.of("reproduce", id, "--quick", "--threads", "1", "--data-dir", data.toString(), "--out", out.toString()));
            if (id.equals("fig4")) args.addAll(List.of("--arch", tiny));
            CommandsTest.Run r = run(args.toArray(String[]::new));
            assertEquals(0, r.status(), id + ": " + r.err());
            Path summary = out.resolve(id).resolve("summary.md");
            String md = Files.readString(summary);
            assertTrue(md.startsWith("# " + id + ": "), md);
            assertTrue(md.contains("--quick: budgets shrunk"), "a quick run says its numbers mean nothing");
            assertTrue(md.contains("## Choices where the paper is silent"), md);
            List<String> rows = md.lines().dropWhile(l -> !l.startsWith("| item | paper | ours | verdict |")).skip(2).takeWhile(l -> l.startsWith("|")).toList();
            assertTrue(!rows.isEmpty(), id + ": no rows in\n" + md);
            for (String row : rows) assertEquals(5, row.split("(?<!\\\\)\\|", -1).length - 1, id + ": a row of four cells: " + row);
            Map<?, ?> verdicts = (Map<?, ?>) Json.parse(Files.readString(out.resolve(id).resolve("verdicts.json")), id);
            assertEquals(rows.size(), ((List<?>) verdicts.get("rows")).size());
            try (var parts = Files.list(out.resolve(id))) {
                List<Path> dirs = parts.filter(Files::isDirectory).toList();
                assertTrue(!dirs.isEmpty(), id);
                for (Path p : dirs) {
                    for (String f : List.of("comparison.md", "comparison.csv", "summary.json", "comparison.png", "comparison.svg", "comparison-time.png")) {
                        assertTrue(Files.size(p.resolve(f)) > 0, p.resolve(f) + " missing or empty");
                    }
                }
            }
        }
        assertEquals(6, Files.list(out.resolve("fig3")).filter(Files::isDirectory).count(), "fig3: three nets on CIFAR-10 and on SVHN");
        assertTrue(Files.readString(out.resolve("fig4").resolve("summary.md")).contains("--arch 12288,16,8,200"), "--arch PART=SIZES replaces that part's net");
        assertTrue(Files.readString(out.resolve("fig2").resolve("summary.md")).contains("- the first 500 training images (450 to train, 50 to choose on) and the first 1 000 test images;"),
                "the choices say what ran, not the default budget");
        assertTrue(Files.readString(out.resolve("table3").resolve("summary.md")).contains("## Which scaling the paper's errors suggest"));
        BufferedImage grid = ImageIO.read(out.resolve("fig9").resolve("reconstructions.png").toFile());
        assertEquals(70 + 10 * (28 * 3 + 2) + 2, grid.getWidth(), "a margin for the row names, then ten classes across");
        assertEquals(3 * (28 * 3 + 2) + 2, grid.getHeight(), "original, DANTE, SGD");

        CommandsTest.Run all = run("reproduce", "all", "--quick", "--reuse", "--data-dir", data.toString(), "--out", out.toString());
        assertEquals(0, all.status(), all.err());
        String md = Files.readString(out.resolve("REPRODUCTION.md"));
        assertTrue(!md.contains("issue 12"), "fig8 runs now");
        String fig8 = Files.readString(out.resolve("fig8").resolve("summary.md"));
        for (String claim : List.of("DANTE ahead of AM-Adam", "DANTE ahead of ADMM", "ADMM plateaus", "ADMM becomes unstable")) assertTrue(fig8.contains(claim), claim + " missing from\n" + fig8);
        assertEquals(4, Files.list(out.resolve("fig8")).filter(Files::isDirectory).count(), "fig8: two nets, each with its ADMM long run");
        for (String id : IDS) assertTrue(md.contains("`./dante reproduce " + id + " "), id + " missing from REPRODUCTION.md");
        assertTrue(!all.out().contains("== fig2 /"), "--reuse ran nothing again");

        // verdicts written with other settings (another --train-limit, --epochs, …: the parts' compare arguments) are not reused
        Path kept = out.resolve("table3").resolve("verdicts.json");
        Files.writeString(kept, Files.readString(kept).replace("\"parts\":[", "\"parts\":[\"airfoil: --train-limit 0\","));
        CommandsTest.Run again = run("reproduce", "all", "--quick", "--reuse", "--data-dir", data.toString(), "--out", out.toString());
        assertEquals(0, again.status(), again.err());
        assertTrue(again.out().contains("table3/verdicts.json was written with other settings"), again.out());
        assertTrue(again.out().contains("== fig2: reusing"), again.out());
    }
}

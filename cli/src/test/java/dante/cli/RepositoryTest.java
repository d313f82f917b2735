package dante.cli;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/**
 * The repository stands alone: nothing in the product, its docs, scripts or code comments points at files outside
 * the checkout (the engineers' {@code shared/} folder is not part of it), every {@code docs/…md} or {@code MATH.md}
 * a file cites exists, every relative link in the Markdown resolves, and the README fits a first read.
 * Test sources may read the paper's small data sets from beside the checkout; nothing else may.
 */
class RepositoryTest {
    static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    /** The checked-in text files: sources, docs, scripts, build files; not build output, runs or git's own files. */
    static List<Path> textFiles() throws IOException {
        List<Path> out = new ArrayList<>();
        try (Stream<Path> s = Files.walk(ROOT)) {
            s.filter(Files::isRegularFile).filter(p -> {
                Path rel = ROOT.relativize(p);
                for (Path part : rel) {
                    String n = part.toString();
                    if (n.equals(".git") || n.equals("target") || n.equals("runs") || n.equals(".jqwik-database") || n.equals("node_modules")) return false;
                }
                String n = p.getFileName().toString();
                return n.endsWith(".java") || n.endsWith(".md") || n.endsWith(".sh") || n.endsWith(".py") || n.endsWith(".xml")
                        || n.endsWith(".properties") || n.equals("dante") || n.equals("NOTICE") || rel.startsWith("scripts") || rel.startsWith(".ci");
            }).forEach(out::add);
        }
        return out;
    }

    static String read(Path p) throws IOException {
        try {
            return Files.readString(p);
        } catch (MalformedInputException e) {
            return "";
        }
    }

    /** What a check does with one line of one file. */
    interface LineCheck { void check(Path file, int lineNo, String line); }

    /** Runs {@code check} on every line of {@code files}. */
    static void eachLine(List<Path> files, LineCheck check) throws IOException {
        for (Path p : files) {
            String[] lines = read(p).split("\n", -1);
            for (int i = 0; i < lines.length; i++) check.check(p, i + 1, lines[i]);
        }
    }

    static boolean isTestSource(Path p) { return ROOT.relativize(p).toString().contains("/src/test/"); }

    @Test
    void nothingOutsideTheTestsPointsOutsideTheCheckout() throws IOException {
        Pattern outside = Pattern.compile("\\.\\./shared|shared/paper|shared/datasets|shared/DESIGN|shared/STYLE");
        List<String> found = new ArrayList<>();
        eachLine(textFiles().stream().filter(p -> !isTestSource(p)).toList(), (p, n, line) -> {
            if (outside.matcher(line).find()) found.add(ROOT.relativize(p) + ":" + n + ": " + line.strip());
        });
        assertTrue(found.isEmpty(), "lines pointing outside the repository:\n" + String.join("\n", found));
    }

    @Test
    void everyCitedDocumentIsInTheRepository() throws IOException {
        // a docs/ path ending in .md anywhere, and the bare names of the design and maths notes (which once named files outside the checkout)
        Pattern cited = Pattern.compile("(?<![\\w/.-])(docs/[\\w./-]+\\.md|DESIGN\\.md|MATH\\.md)");
        List<String> missing = new ArrayList<>();
        eachLine(textFiles(), (p, n, line) -> {
            Matcher m = cited.matcher(line);
            while (m.find()) {
                String name = m.group(1);
                Path target = name.startsWith("docs/") ? ROOT.resolve(name) : ROOT.resolve("docs").resolve(name);
                if (!Files.isRegularFile(target)) missing.add(ROOT.relativize(p) + ":" + n + " cites " + name);
            }
        });
        assertTrue(missing.isEmpty(), "cited documents that are not in the repository:\n" + String.join("\n", missing));
    }

    @Test
    void everyRelativeLinkInTheMarkdownResolves() throws IOException {
        Pattern link = Pattern.compile("\\]\\(([^)#\\s]+)(#[^)]*)?\\)");
        List<String> broken = new ArrayList<>();
        for (Path p : textFiles()) {
            if (!p.toString().endsWith(".md")) continue;
            Matcher m = link.matcher(read(p));
            while (m.find()) {
                String target = m.group(1);
                if (target.contains("://") || target.startsWith("mailto:")) continue;
                if (!Files.exists(p.getParent().resolve(target).normalize())) broken.add(ROOT.relativize(p) + " links to " + target);
            }
        }
        assertTrue(broken.isEmpty(), "broken links:\n" + String.join("\n", broken));
    }

    /**
     * The README is a front page (what Dante is, the two commands, one example each, the findings, links), and it and
     * the user guides in docs/ say which machine a figure came from instead of "this machine" or "these machines".
     */
    @Test
    void theReadmeFitsAFirstReadAndNoGuideSentenceIsTiedToOneMachine() throws IOException {
        List<String> readme = Files.readAllLines(ROOT.resolve("README.md"));
        assertTrue(readme.size() <= 150, "README.md has " + readme.size() + " lines; the front page keeps to 150 and the rest lives in docs/");
        Pattern tied = Pattern.compile("(?i)these machines|this machine|the last machine|earlier sections|on the 2-core|what it printed here");
        List<String> found = new ArrayList<>();
        for (String page : List.of("README.md", "docs/YOUR-DATA.md", "docs/DATA.md", "docs/PROTOCOL.md", "docs/METHODS.md", "docs/REPRODUCING.md",
                "docs/SPARK.md", "docs/PERFORMANCE.md", "docs/LIBRARY.md", "docs/ARCHITECTURE.md", "docs/MATH.md")) {
            Path p = ROOT.resolve(page);
            assertTrue(Files.isRegularFile(p), page + " exists");
            List<String> lines = Files.readAllLines(p);
            for (int i = 0; i < lines.size(); i++) if (tied.matcher(lines.get(i)).find()) found.add(page + ":" + (i + 1) + ": " + lines.get(i).strip());
        }
        assertTrue(found.isEmpty(), "sentences tied to one machine:\n" + String.join("\n", found));
    }

    /**
     * Every run evaluates the test set and records it (history.csv, comparison.csv); what keeps the choice clean is that
     * the choosing code reads validation scores only ({@code Protocol.choose}). So no sentence may say the test set is
     * read or evaluated for the chosen configurations only (issue 28: compare's own help said so).
     */
    @Test
    void noSentenceSaysTheTestSetIsReadForTheChosenConfigurationsOnly() throws IOException {
        // across line breaks and Java string concatenations: each file's text with "…" + "…" joined and whitespace collapsed
        Pattern claim = Pattern.compile("(?i)test\\b[^.;]{0,40}?\\b(read|evaluated|looked at)\\s+(only\\s+)?for\\s+the\\s+chosen");
        List<String> found = new ArrayList<>();
        for (Path p : textFiles()) {
            if (isTestSource(p)) continue;
            String text = read(p).replaceAll("\"\\s*\\+\\s*\"", "").replaceAll("\\s+", " ");
            Matcher m = claim.matcher(text);
            while (m.find()) found.add(ROOT.relativize(p) + ": …" + text.substring(Math.max(0, m.start() - 30), Math.min(text.length(), m.end() + 30)) + "…");
        }
        assertTrue(found.isEmpty(), "sentences saying the test set is read for the chosen configurations only (every run records it):\n"
                + String.join("\n", found));
    }
}

package dante.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The README's library snippet is the code examples/library compiles and runs (the invoker run at verify), line for line. */
class ExamplesTest {
    @Test
    void theReadmeSnippetIsTheExampleThatRuns() throws Exception {
        Path root = Path.of("..");
        List<String> readme = Files.readAllLines(root.resolve("README.md"));
        int start = readme.indexOf("## Using it as a library");
        assertTrue(start >= 0, "README has its library section");
        List<String> after = readme.subList(start, readme.size());
        int open = after.indexOf("```java"), close = after.subList(open + 1, after.size()).indexOf("```") + open + 1;
        List<String> snippet = after.subList(open + 1, close - 1).stream().map(String::strip).toList();   // without the try's closing brace
        List<String> example = Files.readAllLines(root.resolve("examples/library/src/main/java/example/Train.java"));
        int from = indexOfStripped(example, "// README_SNIPPET begin"), to = indexOfStripped(example, "// README_SNIPPET end");
        assertEquals(snippet, example.subList(from + 1, to).stream().map(String::strip).toList(), "examples/library's Train.java holds the README's snippet");
    }

    private static int indexOfStripped(List<String> lines, String s) {
        for (int i = 0; i < lines.size(); i++) if (lines.get(i).strip().equals(s)) return i;
        throw new AssertionError("no line '" + s + "'");
    }
}

package dante.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import picocli.CommandLine;

/** {@code --help} a person can read: the options under headings, common ones first, none left unplaced, no picocli warnings. */
class HelpTest {
    static String help(String command) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status = Main.run(new String[] {command, "--help"}, new PrintWriter(out, true), new PrintWriter(err, true));
        assertEquals(0, status, err.toString());
        assertEquals("", err.toString(), "help prints nothing on stderr (picocli warns there about a bad format string)");
        return out.toString();
    }

    @ParameterizedTest
    @ValueSource(strings = {"train", "compare", "eval", "predict"})
    void optionsAreGroupedUnderHeadingsInTheirOrder(String command) {
        String text = help(command);
        assertTrue(text.startsWith("Usage: dante " + command + " [OPTIONS]"), text.lines().findFirst().orElse(""));
        assertFalse(text.contains(HelpSections.OTHER + ":"), "every option has a heading:\n" + text);
        List<String> lines = text.lines().toList();
        List<Integer> headings = new ArrayList<>();
        for (String h : HelpSections.GROUPS.keySet()) {
            int at = lines.indexOf(h + ":");
            if (at >= 0) headings.add(at);
        }
        assertTrue(headings.size() >= 2, "at least two headings:\n" + text);
        for (int i = 1; i < headings.size(); i++) assertTrue(headings.get(i - 1) < headings.get(i), "headings in the table's order:\n" + text);
        // every option of the command appears under its own heading
        CommandLine cl = Main.commandLine(new String[0]);
        for (CommandLine.Model.OptionSpec o : cl.getSubcommands().get(command).getCommandSpec().options()) {
            String heading = HelpSections.headingOf(o) + ":";
            int h = lines.indexOf(heading), next = lines.size();
            for (int i = h + 1; i < lines.size(); i++) if (lines.get(i).endsWith(":") && !lines.get(i).startsWith(" ")) { next = i; break; }
            boolean found = false;
            for (int i = h + 1; i < next; i++) if (lines.get(i).matches("\\s+(-\\w, )?" + java.util.regex.Pattern.quote(o.longestName()) + "\\b.*")) found = true;
            assertTrue(h >= 0 && found, o.longestName() + " is listed under " + heading + ":\n" + text);
        }
    }

    @org.junit.jupiter.api.Test
    void dataComesFirstAndTheAlgorithmsOwnOptionsLast() {
        String text = help("compare");
        assertTrue(text.indexOf("Data:") < text.indexOf("Network:") && text.indexOf("Network:") < text.indexOf("Method, step rule and budget:")
                && text.indexOf("Method, step rule and budget:") < text.indexOf("AM-Adam (--method am-adam):")
                && text.indexOf("AM-Adam (--method am-adam):") < text.indexOf("ADMM (--method admm):"), text);
    }

    /** A command line that names one command builds that command's model alone; its help must not change with that. */
    @ParameterizedTest
    @ValueSource(strings = {"demo", "train", "compare", "eval", "predict", "reproduce"})   // info has no --help
    void aCommandBuiltAloneHasTheHelpItHasInTheWholeTree(String command) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        assertEquals(0, Main.run(new String[] {"help", command}, new PrintWriter(out, true), new PrintWriter(err, true)), err.toString());
        assertEquals(out.toString(), help(command));
        assertEquals(List.of(command), List.copyOf(Main.commandLine(new String[] {command, "--help"}).getSubcommands().keySet())
                .subList(0, 1), "the named command first");
    }

    @org.junit.jupiter.api.Test
    void theWholeTreeListsEveryCommandInItsOrder() {
        assertEquals(List.of("info", "demo", "train", "compare", "eval", "predict", "reproduce", "generate-completion", "help"),
                List.copyOf(Main.commandLine(new String[] {"--help"}).getSubcommands().keySet()));
        assertEquals(List.of("demo", "compare"), List.copyOf(Main.commandLine(new String[] {"demo"}).getSubcommands().keySet()), "demo runs compare through the root");
        assertEquals(List.of("train"), List.copyOf(Main.commandLine(new String[] {"train", "--out", "x"}).getSubcommands().keySet()));
    }
}

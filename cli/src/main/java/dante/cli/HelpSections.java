package dante.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import picocli.CommandLine;
import picocli.CommandLine.Help;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The option list of {@code train}, {@code compare}, {@code eval} and {@code predict} under headings (data, network,
 * method and step rule, protocol, evaluation, AM-Adam, ADMM, Spark, output), common ones first, instead of one
 * alphabetical run. The options keep their declarations in the mixins; this table only says where each is shown,
 * and an option it does not place is listed under "Other options" (a test keeps that heading empty).
 */
final class HelpSections {
    private HelpSections() {}

    /** The heading of "Other options", for options the table below does not place. */
    static final String OTHER = "Other options";

    /** Headings in the order shown, each with its options' longest names in the order shown. */
    static final Map<String, List<String>> GROUPS = groups();

    private static Map<String, List<String>> groups() {
        Map<String, List<String>> g = new LinkedHashMap<>();
        g.put("Data", List.of("--data", "--data-dir", "--test", "--part", "--train-limit", "--test-limit", "--validation", "--split-seed",
                "--target", "--task", "--categorical", "--drop", "--header", "--delimiter", "--scale", "--target-scale"));
        g.put("Network", List.of("--arch", "--activation", "--output-activation", "--loss", "--init"));
        g.put("Method, step rule and budget", List.of("--method", "--methods", "--lr", "--lr-grid", "--lr-schedule", "--batch", "--epochs",
                "--rounds", "-T", "--order", "--momentum", "--epsilon", "--budget", "--budget-epochs", "--seed", "--iterate",
                "--probe-size", "--probe-every", "--carry-state"));
        g.put("Comparison protocol", List.of("--seeds", "--baseline", "--contrast", "--extend-grid", "--select-on"));
        g.put("Evaluation", List.of("--eval-every", "--eval-points", "--train-loss"));
        g.put("AM-Adam (--method am-adam)", List.of("--am-mu", "--am-mu-growth", "--am-code-steps", "--am-code-lr", "--am-code-momentum",
                "--am-weight-steps", "--am-halve-every"));
        g.put("ADMM (--method admm)", List.of("--admm-beta", "--admm-gamma", "--admm-warm-start", "--admm-ridge", "--admm-output-steps"));
        g.put("Apache Spark (train --engine spark)", List.of("--engine", "--master", "--partitions"));
        g.put("Model and output", List.of("--model", "--out", "--resume", "--reuse", "--checkpoint-every", "--threads", "--help", "--version"));
        return g;
    }

    /**
     * The heading an option is shown under.
     *
     * @param option the option
     * @return its heading, or {@link #OTHER}
     */
    static String headingOf(OptionSpec option) {
        for (Map.Entry<String, List<String>> e : GROUPS.entrySet()) {
            if (e.getValue().contains(option.longestName())) return e.getKey();
        }
        return OTHER;
    }

    /**
     * Replaces the option list of {@code cl} (one command) with the grouped one.
     *
     * @param cl the command whose help to group
     */
    static void install(CommandLine cl) {
        cl.getCommandSpec().usageMessage().abbreviateSynopsis(true);   // "[OPTIONS]": the options follow, grouped
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST_HEADING, help -> "");
        cl.getHelpSectionMap().put(CommandLine.Model.UsageMessageSpec.SECTION_KEY_OPTION_LIST, HelpSections::render);
    }

    private static String render(Help help) {
        CommandSpec spec = help.commandSpec();
        Map<String, List<OptionSpec>> shown = new LinkedHashMap<>();
        for (String heading : GROUPS.keySet()) shown.put(heading, new ArrayList<>());
        shown.put(OTHER, new ArrayList<>());
        for (OptionSpec o : spec.options()) {
            if (o.hidden()) continue;
            shown.get(headingOf(o)).add(o);
        }
        StringBuilder out = new StringBuilder();
        for (Map.Entry<String, List<OptionSpec>> e : shown.entrySet()) {
            List<OptionSpec> options = e.getValue();
            if (options.isEmpty()) continue;
            List<String> order = GROUPS.getOrDefault(e.getKey(), List.of());
            options.sort((a, b) -> Integer.compare(order.indexOf(a.longestName()), order.indexOf(b.longestName())));
            Help.Layout layout = help.createDefaultLayout();
            for (OptionSpec o : options) layout.addOption(o, help.parameterLabelRenderer());
            out.append(String.format("%n%s:%n", e.getKey())).append(layout);
        }
        return out.toString();
    }
}

package dante.cli;

import java.io.PrintWriter;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dante} command. User errors (bad options, missing data, malformed files,
 * divergence) print one line to stderr and exit with status 2; bugs keep their stack trace.
 */
@Command(name = "dante", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = "Train neural networks by DANTE (alternating minimization with SNGD) or backpropagation.")
public final class Main {
    /**
     * The subcommands, in the order the help lists them. Picocli builds a command's model from
     * its annotations by reflection, about a quarter of a second for the whole tree on a cold
     * JVM; a command line that names one of Dante's own commands gets only that one's model.
     * {@code help}, {@code generate-completion} and anything else get the whole tree.
     */
    private static final Map<String, Supplier<Object>> SUBCOMMANDS = subcommands();

    private static Map<String, Supplier<Object>> subcommands() {
        Map<String, Supplier<Object>> m = new LinkedHashMap<>();
        m.put("info", InfoCommand::new);
        m.put("demo", DemoCommand::new);
        m.put("train", TrainCommand::new);
        m.put("compare", CompareCommand::new);
        m.put("eval", EvalCommand::new);
        m.put("predict", PredictCommand::new);
        m.put("reproduce", ReproduceCommand::new);
        m.put("generate-completion", picocli.AutoComplete.GenerateCompletion::new);
        m.put("help", CommandLine.HelpCommand::new);
        return Collections.unmodifiableMap(m);
    }

    private static final Set<String> WHOLE_TREE = Set.of("generate-completion", "help");
    /** Subcommands that run others through the root: demo runs compare. */
    private static final Map<String, List<String>> RUNS = Map.of("demo", List.of("compare"));

    /** The root command; picocli creates it. */
    public Main() {}

    /**
     * Runs the command line and exits with its status (0 on success, 2 for bad input).
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /**
     * Runs in-process (tests use this); returns the exit status.
     *
     * @param args the arguments
     * @param out where results go
     * @param err where errors go
     * @return the exit status: 0 on success, 2 for bad input (one line on {@code err})
     */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        System.setProperty("java.awt.headless", "true");
        if ("panama".equalsIgnoreCase(System.getProperty("dante.kernels", "").trim()) && !dante.kernels.Kernels.panamaAvailable()) {
            err.println("dante: -Ddante.kernels=panama asks for the Vector API kernels, but jdk.incubator.vector is not in this JVM (pass --add-modules jdk.incubator.vector)");
            return 2;
        }
        CommandLine cl = commandLine(args);
        // No @file expansion: "--out @name" wrote the run where a file of that name pointed, and "@/dev/zero" hung
        // reading an endless argument file. Dante's options are short enough for a shell; a script can use xargs.
        cl.setExpandAtFiles(false);
        for (String name : new String[] {"train", "compare", "eval", "predict"}) {
            if (cl.getSubcommands().containsKey(name)) HelpSections.install(cl.getSubcommands().get(name));
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, a) -> {
            err.println("dante: " + ex.getMessage());
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, commandLine, parseResult) -> {
            if (UserErrors.isUserError(ex)) {
                err.println("dante: " + UserErrors.oneLine(ex));
                return 2;
            }
            throw ex;
        });
        return cl.execute(args);
    }

    /**
     * The command tree for {@code args}: the root with the one subcommand {@code args} starts
     * with when that is one of Dante's own commands (and those it runs), otherwise the root with
     * every subcommand.
     *
     * @param args the arguments
     * @return the command line, not yet configured
     */
    static CommandLine commandLine(String[] args) {
        CommandLine cl = new CommandLine(new Main());
        String first = args.length == 0 ? "" : args[0];
        if (SUBCOMMANDS.containsKey(first) && !WHOLE_TREE.contains(first)) {
            cl.addSubcommand(SUBCOMMANDS.get(first).get());
            for (String other : RUNS.getOrDefault(first, List.of())) cl.addSubcommand(SUBCOMMANDS.get(other).get());
        } else for (Supplier<Object> c : SUBCOMMANDS.values()) cl.addSubcommand(c.get());
        return cl;
    }
}

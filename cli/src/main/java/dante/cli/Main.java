package dante.cli;

import java.io.PrintWriter;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The {@code dante} command. User errors (bad options, missing data, malformed files,
 * divergence) print one line to stderr and exit with status 2; bugs keep their stack trace.
 */
@Command(name = "dante", mixinStandardHelpOptions = true, versionProvider = Versions.class,
        description = "Train neural networks by DANTE (alternating minimization with SNGD) or backpropagation.",
        subcommands = {InfoCommand.class, DemoCommand.class, TrainCommand.class, CompareCommand.class, EvalCommand.class, PredictCommand.class, ReproduceCommand.class,
                picocli.AutoComplete.GenerateCompletion.class, CommandLine.HelpCommand.class})
public final class Main {

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
        CommandLine cl = new CommandLine(new Main());
        // No @file expansion: "--out @name" wrote the run where a file of that name pointed, and "@/dev/zero" hung
        // reading an endless argument file. Dante's options are short enough for a shell; a script can use xargs.
        cl.setExpandAtFiles(false);
        for (String name : new String[] {"train", "compare", "eval", "predict"}) HelpSections.install(cl.getSubcommands().get(name));
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
}

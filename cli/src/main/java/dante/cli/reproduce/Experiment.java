package dante.cli.reproduce;

import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;

import dante.core.protocol.Protocol;

/**
 * One of the paper's experiments, whole in one file: the paper's item, the data it reads and
 * whether it is here, its plan (the {@code compare} runs, with the choices made where the
 * paper is silent) and its verdicts with the paper's numbers. {@code dante reproduce} runs the
 * plan's parts through the protocol and hands each part's {@link Protocol.Outcome} back to
 * {@link #judge}.
 */
public abstract class Experiment {
    /**
     * What one {@code reproduce} call asked for.
     *
     * @param quick shrink every budget to prove the pipeline
     * @param seeds seeds per configuration
     * @param dataDir where the paper's data sits (null: none given)
     * @param threads kernel threads (null: all processors)
     * @param trainLimit training images of the image sets (null: the default; 0: all)
     * @param batch minibatch (null: 64)
     * @param t DANTE's T (null: 1)
     * @param epochs budget in backprop epochs (null: each experiment's own)
     * @param arch architectures replaced, by part name
     */
    public record Settings(boolean quick, int seeds, Path dataDir, Integer threads, Integer trainLimit, Integer batch, Integer t, Integer epochs,
                           Map<String, String> arch) {
        int epochsOr(int full) { return epochs != null ? epochs : quick ? 1 : full; }
        int batchOr() { return batch != null ? batch : 64; }
        int tOr() { return t != null ? t : 1; }
        int points() { return quick ? 2 : 10; }
    }

    /**
     * One comparison of a plan.
     *
     * @param name its directory
     * @param title one line for the summary
     * @param data the data set it reads, as the summary names it
     * @param args the {@code compare} arguments, without {@code --out}
     */
    public record Part(String name, String title, String data, List<String> args) {}

    /**
     * One row of a summary.
     *
     * @param item the paper's item
     * @param paper its number or claim
     * @param ours ours
     * @param verdict reproduced, not reproduced (and why), or no verdict
     */
    public record Row(String item, String paper, String ours, String verdict) {}

    /**
     * A part that ran.
     *
     * @param part its plan
     * @param outcome the protocol's outcome: every configuration's runs, the choices
     * @param dir where compare wrote it
     */
    public record Done(Part part, Protocol.Outcome outcome, Path dir) {}

    private final String id, item, needs;
    private final int fullMinutes;
    private final Function<Settings, List<String>> choices;

    /**
     * @param fullMinutes a full run's minutes (measured: one kernel thread, two experiments at a time on 2 cores; see each experiment)
     */
    Experiment(String id, String item, String needs, int fullMinutes, Function<Settings, List<String>> choices) {
        this.id = id;
        this.item = item;
        this.needs = needs;
        this.fullMinutes = fullMinutes;
        this.choices = choices;
    }

    /** {@return the ID {@code reproduce} takes, e.g. "fig2"} */
    public String id() { return id; }
    /** {@return the paper's item, one line} */
    public String item() { return item; }
    /** {@return the data it reads, as --list shows it} */
    public String needs() { return needs; }
    /** {@return a full run's minutes (0: not measured)} */
    public int fullMinutes() { return fullMinutes; }
    /**
     * What was chosen where the paper is silent, and why, as this run has it: the image budget,
     * the epochs, T and the batch as {@code --train-limit}, {@code --epochs}, {@code -T},
     * {@code --batch} and {@code --quick} set them.
     *
     * @param s the run's settings
     * @return the choices, one line each
     */
    public List<String> choices(Settings s) { return List.copyOf(choices.apply(s)); }

    /**
     * The comparisons this call runs.
     *
     * @param s the call's settings
     * @return the parts, in order (empty when none can run here)
     */
    public abstract List<Part> plan(Settings s);

    /**
     * Whether the data is here.
     *
     * @param dataDir the --data-dir (null: none)
     * @return "" when it is, else what is missing
     */
    public String missing(Path dataDir) {
        return Plans.mnistLikePresent(dataDir) ? "" : "Fashion-MNIST (apt-get install dataset-fashion-mnist) or MNIST/KMNIST under --data-dir";
    }

    /** {@return whether the verdict reads the parts together, so one failed part leaves no verdict} */
    public boolean needsAllParts() { return false; }

    /**
     * The verdicts against the paper's numbers and claims.
     *
     * @param s the call's settings
     * @param done the parts that ran
     * @param bench the data and models of the parts, for verdicts that need more than the outcome
     * @param extra sections to append to the summary
     * @return one row per item
     */
    public abstract List<Row> judge(Settings s, List<Done> done, Bench bench, StringBuilder extra);

    /** Every experiment, in the paper's order. */
    public static final List<Experiment> ALL = List.of(new Fig2(), new Fig3(), new Fig4(), new Fig5(), new Fig6(), new Table1(), new Table2(), new Fig7(),
            new Fig8(), new Table3(), new Table4(), new Fig9());

    /**
     * An experiment by its ID.
     *
     * @param id e.g. "fig2"
     * @return the experiment
     * @throws IllegalArgumentException naming the IDs
     */
    public static Experiment byId(String id) {
        for (Experiment e : ALL) if (e.id().equals(id.trim().toLowerCase(Locale.ROOT))) return e;
        throw new IllegalArgumentException("reproduce: no experiment '" + id + "'; expected one of " + ALL.stream().map(Experiment::id).toList() + " or all (see --list)");
    }
}

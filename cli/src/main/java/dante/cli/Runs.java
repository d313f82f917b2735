package dante.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dante.core.model.AtomicFiles;
import dante.core.model.Json;
import dante.core.model.SafeTensors;
import dante.core.nn.Network;
import dante.core.train.DistributedEngine;
import dante.core.train.DistributedRows;
import dante.core.train.HistoryRow;
import dante.core.train.LearningRateSchedule;
import dante.core.train.Method;
import dante.core.train.Recipe;
import dante.core.train.RunSettings;
import dante.core.train.Trainer;
import dante.core.train.TrainingDivergedException;
import dante.core.train.TrainingHistory;

/** One training run into a directory: history.csv, model.safetensors, optimizer.safetensors, summary.json, plot. */
final class Runs {
    private Runs() {}

    /** What to run: a method at a base learning rate under a learning-rate schedule and a seed, with a budget of its own (null: the options'). */
    record Setup(Method method, float lr, String lrSchedule, long seed, Long budget) {
        Setup(Method method, float lr, String lrSchedule, long seed) { this(method, lr, lrSchedule, seed, null); }

        String label() { return method.spec() + " " + method.rateLabel() + "=" + lr + ("constant".equals(lrSchedule) ? "" : " " + lrSchedule) + " seed=" + seed; }
    }

    record Outcome(Setup setup, Trainer.Result result, String error) {
        HistoryRow last() { return result == null ? null : result.history().last(); }
    }

    /** A finished run read back from its directory: its history, the budget it planned, why it diverged (null: it did not), and the machine that timed it. */
    record Finished(TrainingHistory history, long plannedWeightsUpdated, String error, String machine) {}

    /** The machine a run's seconds belong to: the CPU, the kernels and their vector width. */
    static String machine(RunOptions o) {
        return Versions.cpuModel() + ", " + o.kernels().name() + " kernels, " + o.kernels().vectorBits() + "-bit vectors";
    }

    /**
     * The run already finished in {@code dir} with exactly these options, or null: its summary
     * must record the same {@link #reuseKey} (a run killed before its summary was written, one
     * made with other options or by a Dante that did not record it, is trained again).
     */
    static Finished finished(RunOptions o, RunOptions.Data data, Setup setup, Path dir) {
        Path summary = dir.resolve("summary.json"), history = dir.resolve("history.csv");
        if (!Files.isRegularFile(summary) || !Files.isRegularFile(history)) return null;
        try {
            Map<?, ?> s = (Map<?, ?>) Json.parse(Files.readString(summary), summary.toString());
            Recipe recipe = recipe(o, setup);
            try (Network net = o.network(data.train(), setup.seed(), recipe)) {
                if (!reuseKey(o, data, setup, net, recipe, budget(o, setup, net, data)).equals(s.get("run_identity"))) return null;
            }
            return new Finished(TrainingHistory.read(history), ((Number) s.get("planned_weights_updated")).longValue(), (String) s.get("diverged"),
                    s.get("machine") instanceof String m ? m : "not recorded");
        } catch (IOException | RuntimeException e) {
            return null;          // unreadable: trained again, and its files replaced
        }
    }

    /** What makes two runs the same run: the identity {@code --resume} checks, and how long the run is and where it is evaluated. */
    static Map<String, String> reuseKey(RunOptions o, RunOptions.Data data, Setup setup, Network net, Recipe recipe, long budget) {
        Map<String, String> k = identity(o, data, setup, net);
        k.put("test_examples", Integer.toString(data.test().size()));
        k.put("rule", recipe.describeRule());
        k.put("schedule", recipe.describeSchedule(net, data.train().size(), o.batch, budget));
        k.put("budget", Long.toString(budget));
        k.put("eval", o.evalPoints + " points, every " + o.evalEvery + " steps");
        k.put("train_loss", o.trainLoss().spec());
        return k;
    }

    private static Recipe recipe(RunOptions o, Setup setup) {
        return o.recipe(setup.method(), setup.lr()).withLearningRateSchedule(LearningRateSchedule.parse(setup.lrSchedule()));
    }

    private static long budget(RunOptions o, Setup setup, Network net, RunOptions.Data data) {
        return setup.budget() != null ? setup.budget() : o.budgetFor(net, data.train().size());
    }

    static Outcome run(RunOptions o, RunOptions.Data data, Setup setup, Path dir, PrintWriter log) {
        return run(o, data, setup, dir, log, null, 0, false, null);
    }

    /** A distributed engine and where to reach it: the run's training rows go there. */
    record Remote(DistributedEngine engine, String master, int partitions) {}

    /** What identifies a run for {@code --resume}: every option that changes its weights, except how long it runs. */
    static Map<String, String> identity(RunOptions o, RunOptions.Data data, Setup setup, Network net) {
        Map<String, String> c = new LinkedHashMap<>();
        c.put("data", data.train().name());
        c.put("train_examples", Integer.toString(data.train().size()));
        c.put("validation_examples", Integer.toString(data.validation() == null ? 0 : data.validation().size()));
        c.put("split_seed", Long.toString(o.splitSeed));
        // how the rows were read: each changes the numbers the network sees (a changed --scale resumed silently before)
        c.put("task", String.valueOf(o.task));
        c.put("test", String.valueOf(o.testSpec));
        c.put("target", String.valueOf(o.target));
        c.put("categorical", String.join(",", o.categorical));
        c.put("drop", String.join(",", o.drop));
        c.put("delimiter", String.valueOf(o.delimiter));
        c.put("header", String.valueOf(o.header));
        c.put("scale", String.valueOf(o.scale));
        c.put("target_scale", String.valueOf(o.targetScale));
        c.put("architecture", net.describe());
        c.put("init", o.init);
        c.put("method", setup.method().spec());
        c.put("learning_rate", Float.toString(setup.lr()));
        c.put("lr_schedule", LearningRateSchedule.parse(setup.lrSchedule()).describe());
        c.put("seed", Long.toString(setup.seed()));
        c.put("batch", Integer.toString(o.batch));
        c.put("T", Integer.toString(o.epochsPerLayer));
        c.put("order", o.order);
        c.put("momentum", Float.toString(o.momentum));
        c.put("epsilon", Double.toString(o.epsilon));
        // --epsilon stops the alternation on the recorded training loss, so what it is computed on changes the weights
        if (o.epsilon != 0) c.put("train_loss", o.trainLoss().spec());
        c.put("iterate", o.iterateRule().spec());
        c.put("probe", o.probeSize + "/" + o.probeEvery);
        c.put("carry_state", Boolean.toString(o.carryState));
        return c;
    }

    /**
     * Trains one configuration into {@code dir}. With a {@link RunDirectory}, checkpoints every
     * {@code checkpointEvery} epochs; with {@code resume}, continues from its last checkpoint.
     */
    static Outcome run(RunOptions o, RunOptions.Data data, Setup setup, Path dir, PrintWriter log, RunDirectory rd, int checkpointEvery, boolean resume, Remote remote) {
        Method method = setup.method();
        Recipe recipe = recipe(o, setup);
        if (resume && method == Method.ADMM) throw new IllegalArgumentException("--resume: admm keeps no checkpoints (its variables are per-example state); run it again");
        Progress progress = new Progress(log, setup.label(), Progress.onTerminal());
        DistributedRows rows = null;
        RunOptions.TrainLoss trainLoss = o.trainLoss();
        try (Network net = o.network(data.train(), setup.seed(), recipe)) {
            Trainer.Result r;
            String error = null, engineText = "local";
            long budget = budget(o, setup, net, data);
            RunSettings.Of settings = RunSettings.builder().validation(data.validation()).test(data.test()).kernels(o.kernels())
                    .batchSize(o.batch).seed(setup.seed()).evaluateAtPoints(o.evalPoints).listener(progress)
                    .evaluateTrainLoss(trainLoss.evaluate()).trainLossRows(trainLoss.rows());
            if (budget != Long.MAX_VALUE) settings.stopAtWeightsUpdated(budget);
            if (rd != null && method != Method.ADMM) {
                Map<String, String> id = identity(o, data, setup, net);
                if (method == Method.AM_ADAM) id.put("algorithm", recipe.describeRule());
                if (resume) settings.resume(rd.load(net, id));
                settings.checkpoints(checkpointEvery, (c, n) -> rd.save(c, n, id));
            }
            if (remote != null) {
                rows = remote.engine().rows(data.train(), remote.master(), remote.partitions());
                engineText = remote.engine().describe(rows, remote.master());
                log.println("  training rows on " + engineText);
            }
            try {
                r = rows == null ? recipe.run(net, data.train(), settings.build()) : recipe.run(net, rows, settings.build());
            } catch (TrainingDivergedException e) {
                log.println("  " + setup.label() + ": " + e.getMessage());
                r = e.partial();
                error = e.getMessage();
            }
            progress.close();
            if (dir != null) {
                r.history().write(dir.resolve("history.csv"));
                Plots.write(dir, "plot", method.spec() + " (lr " + setup.lr() + ") on " + data.train().name() + ", " + net.describe(),
                        List.of(new Plots.Line(method.spec(), r.history().rows())));
                Map<String, String> meta = new java.util.LinkedHashMap<>();   // in this order in every file (Map.of's order changes from run to run)
                meta.put("method", method.spec());
                meta.put("learning_rate", Float.toString(setup.lr()));
                if (o.encoding != null) meta.put(InputEncoding.KEY, o.encoding.toJson());
                SafeTensors.save(net, dir.resolve("model.safetensors"), meta);
                if (r.stepRuleState() != null) SafeTensors.saveState(r.stepRuleState(), dir.resolve("optimizer.safetensors"));
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("method", method.spec());
                s.put("step_rule", recipe.describeRule());
                s.put("learning_rate", Double.parseDouble(Float.toString(setup.lr())));
                s.put("lr_schedule", recipe.lrSchedule().describe());
                Map<String, String> key = reuseKey(o, data, setup, net, recipe, budget);
                s.put("schedule", key.get("schedule"));
                s.put("iterate", recipe.normalized() ? o.iterateRule().spec() : "last (not a normalized rule)");
                s.put("iterate_rule", "under best-probe and best-minibatch a phase may roll back to an earlier iterate; the weights it rolled back still count in weights_updated");
                s.put("step_state", o.carryState ? "carried across phases" : "reset at the start of every phase");
                s.put("architecture", net.describe());
                s.put("engine", engineText);
                s.put("machine", machine(o));
                s.put("data", data.train().name());
                s.put("train_examples", data.train().size());
                s.put("validation_examples", data.validation() == null ? 0 : data.validation().size());
                s.put("test_examples", data.test().size());
                s.put("validation_fraction", o.validation);
                s.put("split_seed", o.splitSeed);
                s.put("batch", o.batch);
                s.put("seed", setup.seed());
                s.put("planned_weights_updated", r.plannedWeightsUpdated());
                HistoryRow last = r.history().last();
                s.put("weights_updated", last == null ? 0 : last.weightsUpdated());
                s.put("train_loss", last == null ? null : last.trainLoss());
                s.put("train_loss_on", trainLoss.describe(data.train().size(), rows != null));
                s.put("validation_loss", last == null ? null : last.validationLoss());
                s.put("validation_accuracy", last == null ? null : last.validationAccuracy());
                s.put("test_loss", last == null ? null : last.testLoss());
                s.put("test_accuracy", last == null ? null : last.testAccuracy());
                s.put("seconds", r.seconds());
                s.put("phase_notes", r.phaseNotes());
                s.put("diverged", error);
                s.put("run_identity", key);
                AtomicFiles.write(dir.resolve("summary.json"), (Json.write(s) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return new Outcome(setup, r, error);
        } finally {
            if (rows != null) rows.close();
        }
    }
}

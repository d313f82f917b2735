package dante.cli;

import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dante.core.data.Dataset;
import dante.core.model.AtomicFiles;
import dante.core.model.Json;
import dante.core.model.SafeTensors;
import dante.core.nn.Network;
import dante.core.train.HistoryRow;
import dante.core.train.Method;
import dante.core.train.Trainer;
import dante.core.train.TrainingDivergedException;

/** One training run into a directory: history.csv, model.safetensors, summary.json. */
final class Runs {
    private Runs() {}

    record Outcome(Method method, float lr, Trainer.Result result, String error) {
        HistoryRow last() { return result == null ? null : result.history().last(); }
    }

    static Outcome run(RunOptions o, Dataset train, Dataset test, Method method, float lr, Path dir, PrintWriter log) {
        return run(o, train, test, method, lr, dir, log, false);
    }

    /** With {@code resume}, continues the run saved in {@code dir} (model, history and step-rule state). */
    static Outcome run(RunOptions o, Dataset train, Dataset test, Method method, float lr, Path dir, PrintWriter log, boolean resume) {
        Progress progress = new Progress(log, method.spec() + " lr=" + lr, Progress.onTerminal());
        try (Network net = o.network(train)) {
            Method.Hyper h = o.hyper(lr);
            Trainer.Builder b = Trainer.builder(net, train).test(test).kernels(o.kernels())
                    .stepRule(method.stepRule(h)).schedule(method.schedule(net.depth(), h))
                    .batchSize(o.batch).seed(o.seed).evaluateEverySteps(o.evalEvery).returnBest(!o.lastIterate)
                    .listener(progress);
            if (o.budget != null) b.stopAtWeightsUpdated(o.budget);
            if (resume) {
                try (Network saved = SafeTensors.load(dir.resolve("model.safetensors")).network()) {
                    if (!saved.describe().equals(net.describe())) {
                        throw new IllegalArgumentException("--resume: " + dir.resolve("model.safetensors") + " holds " + saved.describe()
                                + " but the options describe " + net.describe());
                    }
                    net.copyParametersFrom(saved);
                }
                b.resume(dante.core.train.TrainingHistory.read(dir.resolve("history.csv")), SafeTensors.loadState(dir.resolve("optimizer.safetensors")));
            }
            Trainer.Result r;
            String error = null;
            try {
                r = b.build().run();
            } catch (TrainingDivergedException e) {
                log.println("  " + method.spec() + " lr=" + lr + ": " + e.getMessage());
                r = new Trainer.Result(e.history(), 0, e.history().isEmpty() ? 0 : e.history().last().weightsUpdated(),
                        e.history().isEmpty() ? 0 : e.history().last().seconds(), false, List.of(), null);
                error = e.getMessage();
            }
            progress.close();
            if (dir != null) {
                r.history().write(dir.resolve("history.csv"));
                Plots.write(dir, "plot", method.spec() + " (lr " + lr + ") on " + train.name(), List.of(new Plots.Line(method.spec(), r.history().rows())));
                SafeTensors.save(net, dir.resolve("model.safetensors"), Map.of("method", method.spec(), "learning_rate", Float.toString(lr)));
                if (r.stepRuleState() != null) SafeTensors.saveState(r.stepRuleState(), dir.resolve("optimizer.safetensors"));
                Map<String, Object> s = new LinkedHashMap<>();
                s.put("method", method.spec());
                s.put("step_rule", method.stepRule(h).describe());
                s.put("schedule", method.schedule(net.depth(), h).describe());
                s.put("learning_rate", Double.parseDouble(Float.toString(lr)));
                s.put("architecture", net.describe());
                s.put("data", train.name());
                s.put("batch", o.batch);
                s.put("seed", o.seed);
                HistoryRow last = r.history().last();
                s.put("weights_updated", last == null ? 0 : last.weightsUpdated());
                s.put("train_loss", last == null ? null : last.trainLoss());
                s.put("test_loss", last == null ? null : last.testLoss());
                s.put("test_accuracy", last == null ? null : last.testAccuracy());
                s.put("seconds", r.seconds());
                s.put("phase_notes", r.phaseNotes());
                s.put("diverged", error);
                AtomicFiles.write(dir.resolve("summary.json"), (Json.write(s) + "\n").getBytes(StandardCharsets.UTF_8));
            }
            return new Outcome(method, lr, r, error);
        }
    }
}

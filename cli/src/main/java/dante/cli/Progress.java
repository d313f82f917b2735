package dante.cli;

import java.io.PrintWriter;

import dante.core.train.HistoryRow;
import dante.core.train.Phase;
import dante.core.train.TrainingListener;

import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

/**
 * A live progress bar per phase on a terminal (phase, layer, epoch, loss, samples/s, ETA; the
 * progressbar library), and plain log lines, one per evaluation, when output is not a terminal.
 */
final class Progress implements TrainingListener {
    private final PrintWriter log;
    private final String label;
    private final boolean terminal;
    private ProgressBar bar;
    private Phase phase;

    Progress(PrintWriter log, String label, boolean terminal) {
        this.log = log;
        this.label = label;
        this.terminal = terminal;
    }

    static boolean onTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    @Override
    public void phaseStarted(Phase p, int epochsSoFar) {
        close();
        phase = p;
    }

    @Override
    public void stepped(TrainingListener.Progress p) {
        if (!terminal) return;
        long total = (long) p.epochsInPhase() * p.stepsPerEpoch(), done = (long) p.epochInPhase() * p.stepsPerEpoch() + p.stepInEpoch() + 1;
        if (bar == null) {
            bar = new ProgressBarBuilder().setTaskName(label + " " + phase.name()).setInitialMax(total)
                    .setStyle(ProgressBarStyle.ASCII).setUpdateIntervalMillis(200).showSpeed().setUnit(" steps", 1).build();
        }
        bar.stepTo(done);
        if (done % 25 == 0 || done == total) {
            bar.setExtraMessage(String.format(" epoch %d/%d loss %.4f %.0f samples/s", p.epochInPhase() + 1, p.epochsInPhase(),
                    p.minibatchLoss(), p.seconds() > 0 ? p.samplesSeen() / p.seconds() : 0));
        }
    }

    @Override
    public void evaluated(HistoryRow r) {
        if (terminal && bar != null && r.phase() >= 0 && bar.getCurrent() < bar.getMax()) return;   // the bar shows it
        close();
        log.printf("  %-24s epoch %6.2f  weights %,15d  lr %.4g  train %.5f  val %s  test %.5f  acc %s  %6.1fs%n",
                label, r.epoch(), r.weightsUpdated(), r.learningRate(), r.trainLoss(),
                Double.isNaN(r.validationAccuracy()) ? (Double.isNaN(r.validationLoss()) ? "-" : String.format("%.5f", r.validationLoss())) : String.format("%.4f", r.validationAccuracy()),
                r.testLoss(), Double.isNaN(r.testAccuracy()) ? "-" : String.format("%.4f", r.testAccuracy()), r.seconds());
    }

    void close() {
        if (bar != null) {
            bar.close();
            bar = null;
        }
    }
}

package dante.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;

import dante.cli.reproduce.Experiment;
import dante.core.train.AuxiliaryTrainer;
import dante.core.train.Method;

import org.junit.jupiter.api.Test;

import picocli.CommandLine;

/** What the experiments' plans give each method, read back through compare's own options. */
class ReproducePlansTest {

    /**
     * Figure 8 (issue 28): DANTE and AM-Adam choose from the same schedules on validation, and AM-Adam's
     * built-in halving is off, so the halving it keeps is a choice like any other. Before, AM-Adam halved
     * its rates every 8 epochs while DANTE's rate stayed constant.
     */
    @Test
    void figure8GivesDanteAndAmAdamTheSameScheduleChoice() {
        Experiment.Settings full = new Experiment.Settings(false, 3, null, 1, null, null, null, null, Map.of());
        int compared = 0;
        for (Experiment.Part p : Experiment.byId("fig8").plan(full)) {
            CompareCommand c = new CompareCommand();
            List<String> args = new java.util.ArrayList<>(p.args());
            args.addAll(List.of("--out", "unused"));
            new CommandLine(c).parseArgs(args.toArray(String[]::new));
            if (!c.methods.contains("am-adam")) continue;
            compared++;
            List<String> dante = c.schedulesFor(Method.DANTE), amAdam = c.schedulesFor(Method.AM_ADAM);
            assertEquals(dante, amAdam, p.name());
            assertTrue(dante.contains("constant") && dante.size() >= 2, p.name() + ": " + dante);
            AuxiliaryTrainer.AmAdam a = c.options.recipe(Method.AM_ADAM, 0.003f).amAdam();
            assertEquals(0, a.halveEvery(), p.name() + ": am-adam's own halving would compound the schedule");
        }
        assertEquals(2, compared, "two nets compare DANTE with AM-Adam");
    }

    /**
     * Every experiment's choices state what its plan passes to compare: the training images
     * (--train-limit, or every image), the epochs, T and the batch, under the defaults, --quick
     * and each override. Before, the choices were constants: the committed paper-scale summaries
     * said "the first 20 000 training images" of runs on all 60 000, and "5 rounds of T = 1"
     * under -T 2.
     */
    @Test
    void everyExperimentsChoicesStateWhatItsPlanPasses() {
        List<Experiment.Settings> settings = List.of(
                new Experiment.Settings(false, 3, null, 1, null, null, null, null, Map.of()),
                new Experiment.Settings(true, 1, null, 1, null, null, null, null, Map.of()),
                new Experiment.Settings(false, 5, null, 1, 0, 256, 2, 3, Map.of()),
                new Experiment.Settings(false, 5, null, 1, 12345, 32, null, 1, Map.of()));
        int checked = 0;
        for (Experiment e : Experiment.ALL) {
            for (Experiment.Settings s : settings) {
                String said = String.join("\n", e.choices(s));
                for (Experiment.Part p : e.plan(s)) {
                    String where = e.id() + "/" + p.name() + " under " + s + ": ";
                    List<String> a = p.args();
                    int limit = a.indexOf("--train-limit");
                    if (limit >= 0) {
                        int n = Integer.parseInt(a.get(limit + 1));
                        String spaced = String.format(java.util.Locale.ROOT, "%,d", n).replace(',', ' ');
                        assertTrue(said.contains("the first " + spaced + " training images (" + String.format(java.util.Locale.ROOT, "%,d", n - n / 10).replace(',', ' ')),
                                where + "--train-limit " + n + " not stated in " + said);
                    } else if (isImageSet(p)) {
                        assertTrue(said.contains("every training image"), where + "every image read, not stated in " + said);
                    }
                    if (a.contains("--test-limit")) assertTrue(said.contains("the first 1 000 test images"), where + "--test-limit not stated");
                    else if (isImageSet(p)) assertTrue(said.contains("the whole test set"), where + "the whole test set not stated");
                    for (String opt : List.of("--epochs", "--batch", "-T")) {
                        if (!a.contains(opt)) continue;    // ADMM's long part passes no T
                        String v = a.get(a.indexOf(opt) + 1);
                        java.util.regex.Pattern stated = switch (opt) {
                            case "--epochs" -> java.util.regex.Pattern.compile("\\b" + v + "\\b[^;]*(epoch|iteration)|\\(the other sets " + v + "\\)");
                            case "--batch" -> java.util.regex.Pattern.compile("batch " + v + "\\b");
                            default -> java.util.regex.Pattern.compile("T = " + v + "\\b|T in [0-9, ]*\\b" + v + "\\b");
                        };
                        assertTrue(stated.matcher(said).find(), where + opt + " " + v + " not stated in " + said);
                    }
                    checked++;
                }
            }
        }
        assertTrue(checked > 40, "parts checked: " + checked);
    }

    private static boolean isImageSet(Experiment.Part p) {
        String data = p.args().get(p.args().indexOf("--data") + 1);
        return List.of("fashion-mnist", "mnist", "kmnist", "cifar-10", "svhn", "tiny-imagenet").contains(data);
    }
}

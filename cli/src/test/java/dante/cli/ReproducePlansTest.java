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
}

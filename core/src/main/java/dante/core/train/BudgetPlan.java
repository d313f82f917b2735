package dante.core.train;

import dante.core.nn.Layer;
import dante.core.nn.Network;
import dante.kernels.MatrixArena;

/**
 * What a run will do before it starts: the steps and weights updated its schedule takes within
 * its budget (an ε stopping rule or an accuracy target may end it sooner; this is the run
 * without them), the evaluation points that budget is divided into, and whether the machine
 * can hold its buffers.
 *
 * @param steps minibatch steps (ADMM: iterations)
 * @param weightsUpdated scalar parameters changed, summed over the steps
 */
public record BudgetPlan(long steps, long weightsUpdated) {
    /**
     * The plan of a {@link Trainer} run: {@code schedule} on {@code n} examples at batch {@code batch}, cut at {@code budget}.
     *
     * @param net the network (its layers' sizes)
     * @param schedule the schedule of phases
     * @param n the number of training examples
     * @param batch the minibatch size
     * @param budget the largest number of weights updated
     * @return the plan
     */
    public static BudgetPlan of(Network net, Schedule schedule, int n, int batch, long budget) {
        int stepsPerEpoch = (n + batch - 1) / batch;
        TrainingHistory none = new TrainingHistory();
        long steps = 0, weights = 0;
        int phases = 0;
        Phase p = null;
        while (weights < budget && (p = schedule.next(p, none)) != null) {
            if (++phases > 10_000_000) throw new IllegalArgumentException("schedule " + schedule.describe() + " yields more than 10 000 000 phases");
            long per = 0;
            for (int l : p.layers()) per += net.layer(l).parameterCount();
            long phaseSteps = p.steps(stepsPerEpoch);
            long take = Math.min(phaseSteps, Math.ceilDiv(budget - weights, per));
            steps += take;
            weights += take * per;
        }
        return new BudgetPlan(steps, weights);
    }

    /**
     * The schedule a run under {@code budget} takes: {@code schedule} itself when it fits or
     * keeps its phases whole under a shorter budget, else fitted to the budget's share of its
     * length ({@link Schedule#fitTo}).
     *
     * @param net the network (its layers' sizes)
     * @param schedule the schedule of phases
     * @param n the number of training examples
     * @param batch the minibatch size
     * @param budget the largest number of weights updated
     * @return the schedule to run
     */
    static Schedule fit(Network net, Schedule schedule, int n, int batch, long budget) {
        if (budget == Long.MAX_VALUE || schedule.fitTo(0.5) == schedule) return schedule;
        long whole = of(net, schedule, n, batch, Long.MAX_VALUE).weightsUpdated;
        return whole <= budget ? schedule : schedule.fitTo((double) budget / whole);
    }

    /**
     * The plan of an {@link AuxiliaryTrainer} run of {@code epochs} epochs on {@code n} examples, cut at {@code budget}.
     *
     * @param net the network (its parameter count)
     * @param algorithm the algorithm (what one step updates)
     * @param n the number of training examples
     * @param batch AM-Adam's minibatch
     * @param epochs the number of epochs
     * @param budget the largest number of weights updated
     * @return the plan
     */
    public static BudgetPlan of(Network net, AuxiliaryTrainer.Algorithm algorithm, int n, int batch, int epochs, long budget) {
        long perEpoch = algorithm instanceof AuxiliaryTrainer.Admm ? 1 : (n + batch - 1) / batch;
        long steps = Math.min(perEpoch * epochs, Math.ceilDiv(budget, net.parameterCount()));
        return new BudgetPlan(steps, steps * net.parameterCount());
    }

    /** {@code k} points evenly spaced in weights updated over the plan (each at least 1): identical for every method given the same budget. */
    long[] evaluationPoints(int k) {
        long[] points = new long[k];
        for (int j = 0; j < k; j++) points[j] = Math.max(1, Math.ceilDiv(weightsUpdated * (j + 1), k));
        return points;
    }

    /**
     * Refuses, with one message, a run whose buffers (workspaces, parameter copies, step-rule
     * state: an estimate from above) this machine cannot hold; call it before initializing a
     * large network to fail fast.
     *
     * @param net the network
     * @param rule the step rule (its state's size)
     * @param batch the minibatch size
     * @param examples the number of training examples (they cap the minibatch and size the evaluation buffer)
     * @throws IllegalArgumentException when the estimate exceeds the machine's memory
     */
    public static void requireMemory(Network net, StepRule rule, int batch, int examples) {
        long params = net.parameterCount(), activations = 0;
        int maxWidth = 0;
        for (Layer l : net.layers()) {
            activations += 3L * l.outputs();
            maxWidth = Math.max(maxWidth, l.inputs());
        }
        long rows = Math.min(batch, examples);
        long states = rule instanceof StepRule.Adam ? 2 : rule instanceof StepRule.Sgd || rule instanceof StepRule.Normalized ? 0 : 1;
        long floats = params * (4 + states) + rows * (activations + maxWidth + net.outputs()) + (long) Math.min(Evaluator.ROWS, Math.max(1, examples)) * activations;
        MatrixArena.requireFits(floats * Float.BYTES, "training " + net.sizes().replace(',', '-') + " at batch " + rows);
    }
}

package dante.core.train;

import java.util.Locale;

/**
 * How the learning rate changes during a run, as a factor of the step rule's base rate η
 * (the convention of {@code torch.optim.lr_scheduler}); it composes with every
 * {@link StepRule}. The factor is read from a {@link Clock} that the trainer advances before
 * each step. A normalized step always has length η, so SNGD can only settle within about η of
 * a minimum unless η decays (docs/MATH.md §2.1: Hazan's guarantee takes η = ε/κ for that reason).
 *
 * <p>Time is counted in steps ({@code s}), epochs ({@code e}, fractional within an epoch) or
 * rounds ({@code r}: DANTE's alternation rounds; under a joint schedule a round is an epoch).
 * With {@code @phase} the steps and epochs restart with every phase, because a DANTE phase
 * is a fresh run of Algorithm 1; the default clock is the whole run's.
 *
 * <p>Specs ({@link #parse}): {@code constant}; {@code step:GAMMA:K<unit>} (×γ every K units);
 * {@code exp:GAMMA[:<unit>]} (×γ per unit, continuously); {@code inv-sqrt[:<unit>]}
 * (1/√(1 + t)); {@code cosine[:FLOOR]} (from 1 to FLOOR over the run, or over the phase with
 * {@code @phase}); {@code warmup:K<s|e>+SPEC} (linear from 1/K of a step to 1 over K units,
 * times SPEC). Any of them may end in {@code @phase}.
 */
public sealed interface LearningRateSchedule {

    /**
     * The factor of the base rate for the step about to be taken.
     *
     * @param c where training is
     * @return the factor, in [0, 1] for the built-in schedules
     */
    double factor(Clock c);

    /**
     * The canonical spec, which {@link #parse} reads back.
     *
     * @return the spec
     */
    String describe();

    /**
     * Whether time restarts with every phase.
     *
     * @return true for a schedule marked {@code @phase}
     */
    boolean phaseLocal();

    /** The unit a schedule counts time in. */
    enum Unit {
        /** Steps taken (suffix {@code s}). */
        STEPS("s"),
        /** Epochs, fractional within one (suffix {@code e}). */
        EPOCHS("e"),
        /** Rounds of an alternating schedule (suffix {@code r}). */
        ROUNDS("r");
        final String suffix;
        Unit(String suffix) { this.suffix = suffix; }

        static Unit of(String s, String spec) {
            for (Unit u : values()) if (u.suffix.equals(s)) return u;
            throw new IllegalArgumentException("learning-rate schedule '" + spec + "': unit '" + s + "' is not s (steps), e (epochs) or r (rounds)");
        }
    }

    /**
     * Where training is, advanced by the trainer before each step (one instance per run, so
     * reading it allocates nothing). {@code steps} counts steps already taken in the run,
     * {@code phaseStep} those of the current phase; {@code totalSteps} and {@code phaseSteps}
     * are the planned lengths that cosine needs.
     */
    final class Clock {
        /** Steps already taken in the run. */
        public long step;
        /** The run's planned number of steps. */
        public long totalSteps;
        /** Steps already taken in the current phase. */
        public long phaseStep;
        /** The current phase's planned number of steps. */
        public long phaseSteps;
        /** Steps in one epoch (at least 1). */
        public int stepsPerEpoch = 1;
        /** The current round of an alternating schedule, from 0. */
        public int round;

        /** A clock at the start of a run, one step per epoch. */
        public Clock() {}

        /**
         * A clock at a given place.
         *
         * @param step steps taken in the run
         * @param totalSteps the run's planned steps
         * @param phaseStep steps taken in the current phase
         * @param phaseSteps the phase's planned steps
         * @param stepsPerEpoch steps in one epoch
         * @param round the current round of the alternating schedule
         */
        public Clock(long step, long totalSteps, long phaseStep, long phaseSteps, int stepsPerEpoch, int round) {
            this.step = step;
            this.totalSteps = totalSteps;
            this.phaseStep = phaseStep;
            this.phaseSteps = phaseSteps;
            this.stepsPerEpoch = stepsPerEpoch;
            this.round = round;
        }

        double time(Unit u, boolean phase) {
            long s = phase ? phaseStep : step;
            return switch (u) {
                case STEPS -> s;
                case EPOCHS -> (double) s / stepsPerEpoch;
                case ROUNDS -> round;
            };
        }
    }

    /**
     * The learning rate for the step about to be taken.
     *
     * @param base the base rate
     * @param c where training is
     * @return {@code base·factor(c)}
     */
    default float rate(float base, Clock c) { return (float) (base * factor(c)); }

    /** The base rate throughout: factor 1. */
    LearningRateSchedule CONSTANT = new Constant();

    /** The constant schedule ({@code constant}). */
    record Constant() implements LearningRateSchedule {
        @Override public double factor(Clock c) { return 1; }
        @Override public String describe() { return "constant"; }
        @Override public boolean phaseLocal() { return false; }
    }

    /**
     * ×γ every {@code every} units: γ^⌊t/every⌋.
     *
     * @param gamma γ, in (0, 1]
     * @param every the period, positive
     * @param unit what {@code every} counts
     * @param phaseLocal whether time restarts with every phase
     */
    record StepDecay(double gamma, double every, Unit unit, boolean phaseLocal) implements LearningRateSchedule {
        /**
         * Checks the parameters.
         *
         * @throws IllegalArgumentException naming the first that is out of range
         */
        public StepDecay {
            if (!(gamma > 0 && gamma <= 1)) throw new IllegalArgumentException("step decay: γ must be in (0, 1], found " + gamma);
            if (!(every > 0) || Double.isInfinite(every)) throw new IllegalArgumentException("step decay: the period must be positive, found " + every);
            if (phaseLocal && unit == Unit.ROUNDS) throw new IllegalArgumentException("step decay: rounds do not restart with a phase; use s or e with @phase");
        }
        @Override public double factor(Clock c) {
            if (gamma == 1) return 1;                         // pow(1, ∞) is NaN: a tiny period made a "divergence"
            return Math.pow(gamma, Math.floor(c.time(unit, phaseLocal) / every + 1e-9));
        }
        @Override public String describe() { return "step:" + num(gamma) + ":" + num(every) + unit.suffix + at(phaseLocal); }
    }

    /**
     * γ^t, t continuous in the unit.
     *
     * @param gamma the factor per unit
     * @param unit steps, epochs or rounds
     * @param phaseLocal whether the clock restarts in every DANTE phase
     */
    record Exponential(double gamma, Unit unit, boolean phaseLocal) implements LearningRateSchedule {
        /**
         * Checks the parameters.
         *
         * @throws IllegalArgumentException naming the first that is out of range
         */
        public Exponential {
            if (!(gamma > 0 && gamma <= 1)) throw new IllegalArgumentException("exponential decay: γ must be in (0, 1], found " + gamma);
            if (phaseLocal && unit == Unit.ROUNDS) throw new IllegalArgumentException("exponential decay: rounds do not restart with a phase; use s or e with @phase");
        }
        @Override public double factor(Clock c) { return gamma == 1 ? 1 : Math.pow(gamma, c.time(unit, phaseLocal)); }
        @Override public String describe() { return "exp:" + num(gamma) + ":" + unit.suffix + at(phaseLocal); }
    }

    /**
     * 1/√(1 + t).
     *
     * @param unit steps, epochs or rounds
     * @param phaseLocal whether the clock restarts in every DANTE phase
     */
    record InverseSqrt(Unit unit, boolean phaseLocal) implements LearningRateSchedule {
        /**
         * Checks the parameters.
         *
         * @throws IllegalArgumentException naming the first that is out of range
         */
        public InverseSqrt {
            if (phaseLocal && unit == Unit.ROUNDS) throw new IllegalArgumentException("inv-sqrt: rounds do not restart with a phase; use s or e with @phase");
        }
        @Override public double factor(Clock c) { return 1 / Math.sqrt(1 + c.time(unit, phaseLocal)); }
        @Override public String describe() { return "inv-sqrt:" + unit.suffix + at(phaseLocal); }
    }

    /**
     * floor + (1 − floor)·(1 + cos(π·p))/2, p the fraction of the run (or phase) done.
     *
     * @param floor the factor at the end, as a fraction of the base rate
     * @param phaseLocal whether each DANTE phase decays on its own
     */
    record Cosine(double floor, boolean phaseLocal) implements LearningRateSchedule {
        /**
         * Checks the parameters.
         *
         * @throws IllegalArgumentException naming the first that is out of range
         */
        public Cosine {
            if (!(floor >= 0 && floor <= 1)) throw new IllegalArgumentException("cosine: the floor must be in [0, 1], found " + floor);
        }
        @Override public double factor(Clock c) {
            long t = phaseLocal ? c.phaseStep : c.step, total = phaseLocal ? c.phaseSteps : c.totalSteps;
            double p = total <= 1 ? 0 : Math.min(1, (double) t / (total - 1));
            return floor + (1 - floor) * 0.5 * (1 + Math.cos(Math.PI * p));
        }
        @Override public String describe() { return "cosine:" + num(floor) + at(phaseLocal); }
    }

    /**
     * Linear warm-up over {@code length} units (steps or epochs), (t + 1 step)/length, times {@code then}.
     *
     * @param length the warm-up's length in its unit
     * @param unit steps or epochs
     * @param then the schedule after the warm-up
     */
    record Warmup(double length, Unit unit, LearningRateSchedule then) implements LearningRateSchedule {
        /**
         * Checks the parameters.
         *
         * @throws IllegalArgumentException naming the first that is out of range
         */
        public Warmup {
            if (!(length > 0) || Double.isInfinite(length)) throw new IllegalArgumentException("warm-up: the length must be positive, found " + length);
            if (unit == Unit.ROUNDS) throw new IllegalArgumentException("warm-up: counts steps (s) or epochs (e), not rounds");
        }
        @Override public boolean phaseLocal() { return then.phaseLocal(); }
        @Override public double factor(Clock c) {
            double steps = unit == Unit.STEPS ? length : length * c.stepsPerEpoch;
            long t = phaseLocal() ? c.phaseStep : c.step;
            return Math.min(1, (t + 1) / steps) * then.factor(c);
        }
        @Override public String describe() {
            String rest = then.describe();
            return "warmup:" + num(length) + unit.suffix + "+" + rest;
        }
    }

    private static String at(boolean phaseLocal) { return phaseLocal ? "@phase" : ""; }

    private static String num(double v) {
        return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
    }

    /**
     * Reads a spec such as {@code constant}, {@code step:0.5:1r}, {@code cosine:0.01@phase}, {@code warmup:200s+inv-sqrt:e}.
     *
     * @param spec the spec
     * @return the schedule
     * @throws IllegalArgumentException naming what in the spec is wrong
     */
    static LearningRateSchedule parse(String spec) { return LearningRateSpecs.parse(spec); }
}

/** The parser behind {@link LearningRateSchedule#parse}. */
final class LearningRateSpecs {
    private LearningRateSpecs() {}

    static LearningRateSchedule parse(String spec) {
        if (spec == null || spec.isBlank()) throw new IllegalArgumentException("learning-rate schedule: empty spec");
        // a spec nests one warm-up inside another at most a few times; a 130 KB chain of them overflowed the stack
        if (spec.length() > 1000) throw new IllegalArgumentException("learning-rate schedule: expected a spec of at most 1000 characters, found " + spec.length());
        if (spec.chars().filter(ch -> ch == '+').count() > 8) {
            throw new IllegalArgumentException("learning-rate schedule '" + spec.substring(0, Math.min(spec.length(), 60)) + "…': more than 8 nested warm-ups");
        }
        String s = spec.trim().toLowerCase(Locale.ROOT);
        boolean phase = false;
        if (s.endsWith("@phase")) {
            phase = true;
            s = s.substring(0, s.length() - "@phase".length());
        } else if (s.contains("@")) {
            throw new IllegalArgumentException("learning-rate schedule '" + spec + "': the only clock suffix is @phase");
        }
        return parse(s, phase, spec);
    }

    private static LearningRateSchedule parse(String s, boolean phase, String spec) {
        int plus = s.indexOf('+');
        if (s.startsWith("warmup:")) {
            if (plus < 0) throw new IllegalArgumentException("learning-rate schedule '" + spec + "': expected warmup:K<s|e>+SPEC, e.g. warmup:500s+cosine");
            Amount a = amount(s.substring("warmup:".length(), plus), spec, LearningRateSchedule.Unit.STEPS);
            return new LearningRateSchedule.Warmup(a.value, a.unit, parse(s.substring(plus + 1), phase, spec));
        }
        if (plus >= 0) throw new IllegalArgumentException("learning-rate schedule '" + spec + "': '+' follows a warm-up only (warmup:K<s|e>+SPEC)");
        String[] f = s.split(":", -1);
        try {
            switch (f[0]) {
                case "constant", "const" -> {
                    if (f.length != 1) throw new IllegalArgumentException("learning-rate schedule '" + spec + "': constant takes no arguments");
                    if (phase) throw new IllegalArgumentException("learning-rate schedule '" + spec + "': constant has no clock");
                    return LearningRateSchedule.CONSTANT;
                }
                case "step" -> {
                    if (f.length != 3) throw new IllegalArgumentException("learning-rate schedule '" + spec + "': expected step:GAMMA:K<s|e|r>, e.g. step:0.5:1r");
                    Amount a = amount(f[2], spec, LearningRateSchedule.Unit.EPOCHS);
                    return new LearningRateSchedule.StepDecay(Double.parseDouble(f[1]), a.value, a.unit, phase);
                }
                case "exp" -> {
                    if (f.length < 2 || f.length > 3) throw new IllegalArgumentException("learning-rate schedule '" + spec + "': expected exp:GAMMA[:s|e|r]");
                    return new LearningRateSchedule.Exponential(Double.parseDouble(f[1]), f.length == 3 ? LearningRateSchedule.Unit.of(f[2], spec) : LearningRateSchedule.Unit.EPOCHS, phase);
                }
                case "inv-sqrt" -> {
                    if (f.length > 2) throw new IllegalArgumentException("learning-rate schedule '" + spec + "': expected inv-sqrt[:s|e|r]");
                    return new LearningRateSchedule.InverseSqrt(f.length == 2 ? LearningRateSchedule.Unit.of(f[1], spec) : LearningRateSchedule.Unit.EPOCHS, phase);
                }
                case "cosine" -> {
                    if (f.length > 2) throw new IllegalArgumentException("learning-rate schedule '" + spec + "': expected cosine[:FLOOR]");
                    return new LearningRateSchedule.Cosine(f.length == 2 ? Double.parseDouble(f[1]) : 0, phase);
                }
                default -> throw new IllegalArgumentException("learning-rate schedule '" + spec
                        + "': expected constant, step:GAMMA:K<s|e|r>, exp:GAMMA[:unit], inv-sqrt[:unit], cosine[:FLOOR] or warmup:K<s|e>+SPEC, optionally ending in @phase");
            }
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("learning-rate schedule '" + spec + "': a parameter is not a number (" + e.getMessage() + ")");
        } catch (IllegalArgumentException e) {
            if (e.getMessage() != null && e.getMessage().startsWith("learning-rate schedule")) throw e;
            throw new IllegalArgumentException("learning-rate schedule '" + spec + "': " + e.getMessage());
        }
    }

    private record Amount(double value, LearningRateSchedule.Unit unit) {}

    private static Amount amount(String s, String spec, LearningRateSchedule.Unit dflt) {
        String t = s.trim();
        LearningRateSchedule.Unit u = dflt;
        if (!t.isEmpty() && Character.isLetter(t.charAt(t.length() - 1))) {
            u = LearningRateSchedule.Unit.of(t.substring(t.length() - 1), spec);
            t = t.substring(0, t.length() - 1);
        }
        try {
            return new Amount(Double.parseDouble(t), u);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("learning-rate schedule '" + spec + "': '" + s + "' is not a number with an optional unit s, e or r");
        }
    }
}

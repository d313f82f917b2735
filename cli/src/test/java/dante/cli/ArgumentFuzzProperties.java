package dante.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The fuzzing campaign for the command line (docs/RELIABILITY.md): random argument vectors
 * over every option of train, compare and eval, with hostile values (negative, zero, huge,
 * empty, non-numeric, NaN, paths that are files, directories or missing). Law: the command
 * ends with status 0, or status 2 and exactly one line on stderr naming the problem; never a
 * stack trace, never status 1.
 */
class ArgumentFuzzProperties {
    static final Path DIR;
    static int tried, ok, refused;

    static {
        try {
            DIR = Files.createTempDirectory("dante-argfuzz");
            Files.writeString(DIR.resolve("file"), "not a directory");
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final String[] NUMBERS = {"0", "-1", "1", "2", "3", "1e9", "2147483648", "NaN", "Infinity", "", "abc", "0.5", "1e-30", "-0"};
    static final String[][] OPTIONS = {
            {"--lr", "0.1", "1e6", "-0.1", "0", "NaN", "x"},
            {"--epochs", "1", "2", "0", "-3", "x"},
            {"--rounds", "1", "2", "0", "-1"},
            {"-T", "1", "2", "0"},
            {"--batch", "1", "7", "64", "0", "-5", "100000000"},
            {"--seed", "1", "-9", "x"},
            {"--threads", "1", "2", "0", "10000"},
            {"--method", "sgd", "dante", "adam", "momentum", "dante-momentum", "sgd-altmin", "adam-altmin", "sngd-backprop", "rmsprop", "adagrad", "nesterov", "nope"},
            {"--arch", "20,8,4", "20,4", "20,0,4", "20,-3,4", "21,8,4", "20,200000000,4", "20", "", "20,8,8,8,8,8,4", "x"},
            {"--activation", "relu", "sigmoid", "tanh", "leaky-relu:0.2", "generalized-relu:0.1:1", "generalized-relu:2:1", "leaky-relu:x", "nope"},
            {"--loss", "mse", "ce", "bce", "nope"},
            {"--output-activation", "identity", "softmax", "sigmoid", "relu", "nope"},
            {"--lr-schedule", "constant", "cosine", "step:0.5:1r", "inv-sqrt:s", "warmup:3s+cosine@phase", "exp:2", "cosine:x", "@phase"},
            {"--iterate", "last", "best-probe", "best-minibatch", "best"},
            {"--probe-size", "1", "0", "-4", "5000"},
            {"--probe-every", "1", "0", "-2"},
            {"--validation", "0.1", "0", "0.99", "1", "-0.1", "NaN"},
            {"--eval-points", "0", "3", "-1", "1000000"},
            {"--eval-every", "0", "5", "-1"},
            {"--budget", "1", "1000", "0", "-5"},
            {"--order", "bottom-up", "top-down", "sideways"},
            {"--momentum", "0.9", "1", "-0.5"},
            {"--epsilon", "0", "0.01", "-1"},
            {"--init", "torch", "he", "glorot", "nope"},
            {"--task", "classify", "autoencoder", "nope"},
            {"--train-limit", "50", "0", "-1", "1"},
            {"--split-seed", "2", "-1"},
    };

    static List<String> vector(long seed) {
        Random r = new Random(seed);
        List<String> a = new ArrayList<>();
        String cmd = new String[] {"train", "train", "compare", "eval"}[r.nextInt(4)];
        a.add(cmd);
        a.addAll(List.of("--data", r.nextInt(10) == 0 ? new String[] {"nope", "fashion-mnist", ""}[r.nextInt(3)] : "teacher"));
        a.addAll(List.of("--train-limit", "200"));
        boolean[] used = new boolean[OPTIONS.length];
        used[25] = true;
        for (int k = 0, n = r.nextInt(6); k < n; k++) {
            int o = r.nextInt(OPTIONS.length);
            if (used[o]) continue;
            used[o] = true;
            String[] opt = OPTIONS[o];
            a.add(opt[0]);
            a.add(r.nextInt(5) == 0 ? NUMBERS[r.nextInt(NUMBERS.length)] : opt[1 + r.nextInt(opt.length - 1)]);
        }
        if (!used[1]) a.addAll(List.of("--epochs", "1"));
        if (!used[2]) a.addAll(List.of("--rounds", "1"));
        if (cmd.equals("compare")) a.addAll(List.of("--seeds", "1", "--lr-grid", "0.05"));
        if (cmd.equals("eval")) {
            String[] models = {DIR.resolve("file").toString(), DIR.toString(), DIR.resolve("missing").toString()};
            a.addAll(List.of("--model", models[r.nextInt(models.length)]));
        } else {
            String[] outs = {DIR.resolve("out-" + Long.toHexString(seed)).toString(), DIR.resolve("file").toString(), ""};
            a.addAll(List.of("--out", outs[r.nextInt(10) == 0 ? 1 + r.nextInt(2) : 0]));
        }
        return a;
    }

    /** How many vectors each try runs: 1 in CI, more from {@code scripts/fuzz} ({@code -Ddante.fuzz.scale=N}). */
    static final int SCALE = Integer.getInteger("dante.fuzz.scale", 1);

    @Property(tries = 60)
    void everyArgumentVectorEndsWithStatus0OrOneLineAndStatus2(@ForAll long seed) {
        for (int i = 0; i < SCALE; i++) check(seed + i * 0x9E3779B97F4A7C15L);
    }

    void check(long seed) {
        List<String> args = vector(seed);
        StringWriter out = new StringWriter(), err = new StringWriter();
        int status;
        tried++;
        try {
            status = Main.run(args.toArray(String[]::new), new PrintWriter(out, true), new PrintWriter(err, true));
        } catch (Throwable t) {
            fail("dante " + String.join(" ", args) + " threw " + t, t);
            return;
        }
        if (status == 0) {
            ok++;
            return;
        }
        assertEquals(2, status, "dante " + String.join(" ", args) + "\n" + err);
        refused++;
        String[] lines = err.toString().strip().split("\n");
        assertEquals(1, lines.length, "one line for dante " + String.join(" ", args) + ":\n" + err);
        assertTrue(lines[0].startsWith("dante: "), lines[0]);
    }

    @AfterContainer
    static void report() {
        System.out.printf("argument fuzzing: %d vectors, %d ran, %d refused with one line%n", tried, ok, refused);
    }
}

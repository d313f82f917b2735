package dante.datasets;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Supplier;

import dante.core.data.Dataset;

/**
 * The data sets known by name, in one registry: the image sets (Fashion-MNIST, MNIST, KMNIST,
 * CIFAR-10, SVHN, Tiny ImageNet), the command line's planted-teacher task, and the paper's small
 * sets. Each loads as a training part and a test part; a set without a standard split gets a
 * seeded 80/20 split.
 */
public final class BuiltIn {
    private BuiltIn() {}

    /** Every name {@link #load} takes, in the order help texts list them. */
    public static final List<String> NAMES = names();

    private static List<String> names() {
        List<String> n = new ArrayList<>(List.of("fashion-mnist", "mnist", "kmnist", "cifar-10", "svhn", "tiny-imagenet", "teacher"));
        for (PaperData.Name p : PaperData.Name.values()) n.add(p.id());
        return List.copyOf(n);
    }

    /**
     * A set's two parts and what its rows were read as.
     *
     * @param train the training part
     * @param test the test part (Tiny ImageNet: its validation images, whose labels are published)
     * @param idxImages whether the rows are IDX images read as pixels / 255 (as {@code idx:DIR} reads them)
     * @param paper the paper's small set it is (null for the others)
     * @param table the rows of a paper set as parsed (its columns, target and classes), null for the others
     * @param firstFile the first file a paper set was read from (null for the others)
     */
    public record Parts(Dataset train, Dataset test, boolean idxImages, PaperData.Name paper, DelimitedText.Table table, Path firstFile) {}

    /**
     * Whether {@link #load} takes {@code name}: one of {@link #NAMES} (case aside), or a name the paper's sets answer to.
     *
     * @param name a name
     * @return whether {@link #load} takes it
     */
    public static boolean isName(String name) { return NAMES.contains(name.trim().toLowerCase(Locale.ROOT)) || isPaperSet(name); }

    /**
     * Whether {@code name} is one of the paper's small sets.
     *
     * @param name a name
     * @return whether it is
     */
    public static boolean isPaperSet(String name) {
        try {
            PaperData.Name.parse(name);
            return true;
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /**
     * Loads a set by name.
     *
     * @param name one of {@link #NAMES}
     * @param dir where its files are (null: its usual place; the bundled sets need none)
     * @param splitSeed the seed of the 80/20 split of sets without a standard one
     * @return its parts (the caller closes them)
     * @throws IllegalArgumentException for a name not in {@link #NAMES}
     */
    public static Parts load(String name, Path dir, long splitSeed) {
        String n = name.trim().toLowerCase(Locale.ROOT);
        return switch (n) {
            case "fashion-mnist", "mnist", "kmnist" -> {
                FashionMnist.Kind kind = n.equals("mnist") ? FashionMnist.Kind.MNIST : n.equals("kmnist") ? FashionMnist.Kind.KMNIST : FashionMnist.Kind.FASHION;
                Dataset train = FashionMnist.load(kind, dir, true);
                yield new Parts(train, closingOnError(train, () -> FashionMnist.load(kind, dir, false)), true, null, null, null);
            }
            case "svhn" -> {
                Dataset train = Svhn.load(dir, true);
                yield new Parts(train, closingOnError(train, () -> Svhn.load(dir, false)), false, null, null, null);
            }
            case "tiny-imagenet" -> {   // the validation images stand for the test part, whose labels are not published
                Dataset train = TinyImageNet.load(dir, true);
                yield new Parts(train, closingOnError(train, () -> TinyImageNet.load(dir, false)), false, null, null, null);
            }
            case "cifar-10" -> {
                Dataset train = Cifar10.load(dir, true);
                yield new Parts(train, closingOnError(train, () -> Cifar10.load(dir, false)), false, null, null, null);
            }
            case "teacher" -> new Parts(Synthetic.ballTeacher(4000, 11), Synthetic.ballTeacher(1000, 12), false, null, null, null);
            default -> {
                if (!isPaperSet(n)) throw new IllegalArgumentException("no data set '" + name + "': expected one of " + NAMES);
                PaperData.Name p = PaperData.Name.parse(n);
                DelimitedText.Table table;   // the rows training reads, parsed once: the data and what the caller needs to encode them
                Dataset train, test;
                if (PaperData.hasStandardSplit(p)) {
                    table = PaperData.table(dir, p, true);
                    train = table.toDataset(p.id() + "/train");
                    test = closingOnError(train, () -> PaperData.load(dir, p, false));
                } else {
                    table = PaperData.table(dir, p);
                    try (Dataset all = table.toDataset(p.id())) {
                        Dataset[] parts = Splits.trainTest(all, 0.2, splitSeed);
                        train = parts[0];
                        test = parts[1];
                    }
                }
                yield new Parts(train, test, false, p, table, PaperData.files(dir, p).get(0));
            }
        };
    }

    /** Loads a second part; if that fails, the first is closed so no native memory is left behind. */
    private static Dataset closingOnError(Dataset first, Supplier<Dataset> second) {
        try {
            return second.get();
        } catch (RuntimeException | Error e) {
            first.close();
            throw e;
        }
    }
}

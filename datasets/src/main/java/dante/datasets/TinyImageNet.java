package dante.datasets;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import javax.imageio.ImageIO;

import dante.core.data.Dataset;
import dante.kernels.FloatMatrix;
import dante.kernels.MatrixArena;

/**
 * Tiny ImageNet ({@code tiny-imagenet-200}): 200 classes named in {@code wnids.txt} (their
 * order numbers the classes), training images in {@code train/<wnid>/images/*.JPEG}, the
 * validation images in {@code val/images/} with their classes in
 * {@code val/val_annotations.txt} (file, wnid, then a bounding box, tab-separated). The test
 * images carry no labels, so the validation set serves as the test part (as in the paper).
 * Each 64×64 image becomes 12 288 floats in [0, 1] in CIFAR-10's layout (red, green and blue
 * planes, each row-major); grey images are repeated over the three planes. Files are read in
 * name order, so a load is deterministic.
 */
public final class TinyImageNet {
    private TinyImageNet() {}

    /** The side of an image, in pixels. */
    public static final int SIDE = 64;
    /** Features per image: three colour planes of SIDE × SIDE. */
    public static final int FEATURES = 3 * SIDE * SIDE;

    /**
     * The training part (100 000 images) or the validation part (10 000), which stands for the test part.
     *
     * @param dir the directory holding {@code tiny-imagenet-200}'s contents
     * @param train which part
     * @return the data set, 12 288 features in [0, 1] and 200 classes
     * @throws DataFormatException naming the file and what is wrong, or what is missing
     */
    public static Dataset load(Path dir, boolean train) {
        Path root = locate(dir);
        List<String> wnids = wnids(root);
        Map<String, Integer> classOf = new HashMap<>();
        for (int i = 0; i < wnids.size(); i++) classOf.put(wnids.get(i), i);
        List<Path> files = new ArrayList<>();
        List<Integer> labels = new ArrayList<>();
        if (train) {
            for (String w : wnids) {
                Path images = root.resolve("train").resolve(w).resolve("images");
                if (!Files.isDirectory(images)) throw new DataFormatException(images + ": missing (wnids.txt names class " + w + ")");
                for (Path f : jpegs(images)) {
                    files.add(f);
                    labels.add(classOf.get(w));
                }
            }
        } else {
            Path ann = root.resolve("val").resolve("val_annotations.txt");
            List<String> lines = lines(ann);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank()) continue;
                String[] f = line.split("\t");
                if (f.length < 2) throw new DataFormatException(ann + ": line " + (i + 1) + ": expected FILE<TAB>WNID…, found '" + line + "'");
                Integer c = classOf.get(f[1].trim());
                if (c == null) throw new DataFormatException(ann + ": line " + (i + 1) + ": class '" + f[1].trim() + "' is not in wnids.txt");
                files.add(root.resolve("val").resolve("images").resolve(f[0].trim()));
                labels.add(c);
            }
        }
        if (files.isEmpty()) throw new DataFormatException(root + ": no " + (train ? "training" : "validation") + " images");
        int n = files.size();
        int[] y = new int[n];
        MatrixArena arena = new MatrixArena();
        try {
            FloatMatrix features = arena.allocate(n, FEATURES), targets = arena.allocate(n, wnids.size());
            float[] row = new float[FEATURES];
            for (int i = 0; i < n; i++) {
                pixels(files.get(i), row);
                features.row(i).copyFrom(row);
                y[i] = labels.get(i);
                targets.set(i, y[i], 1f);
            }
            return Dataset.wrap("tiny-imagenet/" + (train ? "train" : "val"), arena, features, targets, y, wnids.size());
        } catch (RuntimeException | Error e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Whether Tiny ImageNet is under {@code dir}.
     *
     * @param dir the directory
     * @return true when the set is found
     */
    public static boolean present(Path dir) {
        return dir != null && places(dir).stream().anyMatch(p -> Files.isRegularFile(p.resolve("wnids.txt")));
    }

    private static List<Path> places(Path dir) { return List.of(dir.resolve("tiny-imagenet-200"), dir.resolve("tiny-imagenet"), dir); }

    static Path locate(Path dir) {
        String how = "download tiny-imagenet-200.zip (http://cs231n.stanford.edu/tiny-imagenet-200.zip), unpack it and pass the directory that holds tiny-imagenet-200";
        if (dir == null) throw new DataFormatException("tiny-imagenet: no data directory given; " + how);
        for (Path p : places(dir)) if (Files.isRegularFile(p.resolve("wnids.txt"))) return p;
        throw new DataFormatException("tiny-imagenet not found: looked for wnids.txt in " + places(dir) + "; " + how);
    }

    private static List<String> wnids(Path root) {
        List<String> out = new ArrayList<>();
        for (String l : lines(root.resolve("wnids.txt"))) if (!l.isBlank()) out.add(l.trim());
        if (out.isEmpty()) throw new DataFormatException(root.resolve("wnids.txt") + ": names no class");
        if (out.stream().distinct().count() != out.size()) throw new DataFormatException(root.resolve("wnids.txt") + ": names a class twice");
        return out;
    }

    private static List<String> lines(Path p) {
        try {
            return Files.readAllLines(p, StandardCharsets.UTF_8);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new DataFormatException(p + ": no such file");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    private static List<Path> jpegs(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().toLowerCase(java.util.Locale.ROOT).endsWith(".jpeg")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** One image into {@code row}: three 64×64 planes scaled to [0, 1]. */
    static void pixels(Path file, float[] row) {
        BufferedImage img;
        try {
            img = ImageIO.read(file.toFile());
        } catch (IOException | RuntimeException e) {
            throw new DataFormatException(file + ": not a readable image: " + e.getMessage());
        }
        if (img == null) throw new DataFormatException(file + ": not a readable image (no decoder recognised it)");
        if (img.getWidth() != SIDE || img.getHeight() != SIDE) {
            throw new DataFormatException(file + ": expected a 64×64 image, found " + img.getWidth() + "×" + img.getHeight());
        }
        int plane = SIDE * SIDE;
        for (int r = 0; r < SIDE; r++) {
            for (int c = 0; c < SIDE; c++) {
                int rgb = img.getRGB(c, r);
                row[r * SIDE + c] = ((rgb >> 16) & 0xff) / 255f;
                row[plane + r * SIDE + c] = ((rgb >> 8) & 0xff) / 255f;
                row[2 * plane + r * SIDE + c] = (rgb & 0xff) / 255f;
            }
        }
    }
}

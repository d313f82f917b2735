package dante.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import dante.core.data.Dataset;
import dante.datasets.DataFormatException;
import dante.datasets.FashionMnist;
import dante.datasets.Svhn;
import dante.datasets.TinyImageNet;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The named image sets reproduce needs, each read from small files in its real format. */
class PaperFormatsTest {
    @TempDir Path dir;

    @Test
    void mnistAndKmnistAreReadFromTheirOwnDirectories() throws Exception {
        RealFormatFiles.idx(dir.resolve("mnist"), 30, 10, 1);
        try (Dataset train = FashionMnist.load(FashionMnist.Kind.MNIST, dir, true); Dataset test = FashionMnist.load(FashionMnist.Kind.MNIST, dir, false)) {
            assertEquals("mnist/train", train.name());
            assertEquals(30, train.size());
            assertEquals(10, test.size());
            assertEquals(784, train.featureCount());
            for (int i = 0; i < 30; i++) assertEquals(i % 10, train.labels()[i]);
        }
        assertTrue(FashionMnist.present(FashionMnist.Kind.MNIST, dir));
        DataFormatException e = assertThrows(DataFormatException.class, () -> FashionMnist.load(FashionMnist.Kind.KMNIST, dir, true));
        assertTrue(e.getMessage().startsWith("KMNIST not found: looked in [" + dir.resolve("kmnist")) && e.getMessage().contains("rois-codh/kmnist"), e.getMessage());
        e = assertThrows(DataFormatException.class, () -> FashionMnist.load(FashionMnist.Kind.MNIST, null, true));
        assertTrue(e.getMessage().contains("no data directory given"), e.getMessage());
    }

    @Test
    void svhnImagesBecomeCifarLayoutRowsAndTenBecomesZero() throws Exception {
        int[] labels = {10, 1, 2, 9, 10, 5};
        Path f = dir.resolve("svhn").resolve("test_32x32.mat");
        RealFormatFiles.svhn(f, labels);
        assertTrue(Svhn.present(dir));
        try (Dataset d = Svhn.read("svhn/test", f)) {
            assertEquals(labels.length, d.size());
            assertEquals(3072, d.featureCount());
            assertArrayEquals(new int[] {0, 1, 2, 9, 0, 5}, d.labels());
            for (int i = 0; i < labels.length; i++) {
                for (int k = 0; k < 3; k++) {
                    for (int r = 0; r < 32; r += 7) {
                        for (int c = 0; c < 32; c += 5) {
                            assertEquals(RealFormatFiles.pixel(i, r, c, k) / 255f, d.features().get(i, k * 1024 + r * 32 + c), "image " + i + " (" + r + "," + c + "," + k + ")");
                        }
                    }
                }
                assertEquals(1f, d.targets().get(i, d.labels()[i]));
            }
        }
    }

    @Test
    void svhnDefectsNameTheFile() throws Exception {
        Path f = dir.resolve("bad.mat");
        RealFormatFiles.svhn(f, new int[] {1, 11});
        DataFormatException e = assertThrows(DataFormatException.class, () -> Svhn.read("x", f));
        assertTrue(e.getMessage().startsWith(f + ": y(2) = 11.0: expected a label 1..10"), e.getMessage());
        Files.write(f, java.util.Arrays.copyOf(Files.readAllBytes(f), 300));
        e = assertThrows(DataFormatException.class, () -> Svhn.read("x", f));
        assertTrue(e.getMessage().startsWith(f.toString()), e.getMessage());
        Files.writeString(f, "not a mat file at all");
        e = assertThrows(DataFormatException.class, () -> Svhn.read("x", f));
        assertTrue(e.getMessage().startsWith(f + ": not a readable MATLAB level-5 file"), e.getMessage());
        e = assertThrows(DataFormatException.class, () -> Svhn.load(dir.resolve("nowhere"), true));
        assertTrue(e.getMessage().startsWith("svhn not found: looked for test_32x32.mat in"), e.getMessage());
    }

    @Test
    void tinyImageNetReadsTrainingFoldersAndTheAnnotatedValidationSet() throws Exception {
        Path root = dir.resolve("tiny-imagenet-200");
        List<String> wnids = RealFormatFiles.tinyImageNet(root, 3, 2, 4);
        assertTrue(TinyImageNet.present(dir));
        try (Dataset train = TinyImageNet.load(dir, true); Dataset val = TinyImageNet.load(dir, false)) {
            assertEquals(6, train.size());
            assertEquals(12288, train.featureCount());
            assertEquals(3, train.classes());
            assertArrayEquals(new int[] {0, 0, 1, 1, 2, 2}, train.labels());
            assertArrayEquals(new int[] {0, 1, 2, 0}, val.labels());
            for (int i = 0; i < train.size(); i++) {
                BufferedImage want = RealFormatFiles.image(train.labels()[i], false);
                int rgb = want.getRGB(10, 20);
                assertEquals(((rgb >> 16) & 0xff) / 255f, train.features().get(i, 20 * 64 + 10), 4 / 255f, "red, JPEG's loss allowed");
                assertEquals(((rgb >> 8) & 0xff) / 255f, train.features().get(i, 4096 + 20 * 64 + 10), 4 / 255f, "green");
                assertEquals((rgb & 0xff) / 255f, train.features().get(i, 8192 + 20 * 64 + 10), 4 / 255f, "blue");
            }
            float grey = val.features().get(0, 5);   // the grey image repeats its level in all three planes
            assertEquals(grey, val.features().get(0, 4096 + 5), 1e-6f);
            assertEquals(grey, val.features().get(0, 8192 + 5), 1e-6f);
        }
        Files.write(root.resolve("val").resolve("val_annotations.txt"), List.of("val_0.JPEG\tn99999999\t0\t0\t1\t1"));
        DataFormatException e = assertThrows(DataFormatException.class, () -> TinyImageNet.load(dir, false));
        assertEquals(root.resolve("val").resolve("val_annotations.txt") + ": line 1: class 'n99999999' is not in wnids.txt", e.getMessage());
        Path img = root.resolve("train").resolve(wnids.get(1)).resolve("images").resolve(wnids.get(1) + "_0.JPEG");
        ImageIO.write(new BufferedImage(32, 32, BufferedImage.TYPE_INT_RGB), "jpeg", img.toFile());
        e = assertThrows(DataFormatException.class, () -> TinyImageNet.load(dir, true));
        assertEquals(img + ": expected a 64×64 image, found 32×32", e.getMessage());
        Files.writeString(img, "garbage");
        e = assertThrows(DataFormatException.class, () -> TinyImageNet.load(dir, true));
        assertTrue(e.getMessage().startsWith(img + ": not a readable image"), e.getMessage());
    }
}

package dante.cli;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import javax.imageio.ImageIO;

/**
 * Small files in the paper's real formats, written by the tests themselves (independently of
 * the readers under test): MNIST-layout IDX, CIFAR-10 binary batches, SVHN's MATLAB level-5
 * files (written byte by byte from the format's specification, not with the library that reads
 * them) and Tiny ImageNet's JPEG folders.
 */
final class RealFormatFiles {
    private RealFormatFiles() {}

    /** IDX images (count×rows×cols, ubyte) and labels in {@code dir} under the MNIST names. */
    static void idx(Path dir, int train, int test, long seed) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(seed);
        for (String prefix : new String[] {"train", "t10k"}) {
            int n = prefix.equals("train") ? train : test;
            ByteArrayOutputStream img = new ByteArrayOutputStream(), lab = new ByteArrayOutputStream();
            img.writeBytes(new byte[] {0, 0, 8, 3});
            for (int d : new int[] {n, 28, 28}) img.writeBytes(int32(d));
            lab.writeBytes(new byte[] {0, 0, 8, 1});
            lab.writeBytes(int32(n));
            for (int i = 0; i < n; i++) {
                int y = i % 10;
                lab.write(y);
                byte[] px = new byte[784];
                for (int j = 0; j < 784; j++) px[j] = (byte) ((j / 78 == y ? 200 : 0) + r.nextInt(40));
                img.writeBytes(px);
            }
            Files.write(dir.resolve(prefix + "-images-idx3-ubyte"), img.toByteArray());
            Files.write(dir.resolve(prefix + "-labels-idx1-ubyte"), lab.toByteArray());
        }
    }

    private static byte[] int32(int v) { return new byte[] {(byte) (v >>> 24), (byte) (v >>> 16), (byte) (v >>> 8), (byte) v}; }

    /** CIFAR-10 batches data_batch_1..5 and test_batch, {@code perBatch} records each, in {@code dir}. */
    static void cifar(Path dir, int perBatch, long seed) throws IOException {
        Files.createDirectories(dir);
        Random r = new Random(seed);
        List<String> names = new ArrayList<>(List.of("data_batch_1.bin", "data_batch_2.bin", "data_batch_3.bin", "data_batch_4.bin", "data_batch_5.bin", "test_batch.bin"));
        for (String name : names) {
            byte[] b = new byte[perBatch * 3073];
            for (int i = 0; i < perBatch; i++) {
                int y = i % 10;
                b[i * 3073] = (byte) y;
                for (int j = 0; j < 3072; j++) b[i * 3073 + 1 + j] = (byte) ((j % 10 == y ? 180 : 20) + r.nextInt(50));
            }
            Files.write(dir.resolve(name), b);
        }
    }

    /**
     * An SVHN file: {@code X} uint8 32×32×3×n (column-major), {@code y} double n×1 with labels
     * 1..10. Pixel (r, c, k) of image i is {@code pixel(i, r, c, k)}.
     */
    static void svhn(Path file, int[] labels) throws IOException {
        int n = labels.length;
        byte[] x = new byte[32 * 32 * 3 * n];
        for (int i = 0; i < n; i++) {
            for (int k = 0; k < 3; k++) for (int c = 0; c < 32; c++) for (int r = 0; r < 32; r++) x[r + 32 * (c + 32 * (k + 3 * i))] = (byte) pixel(i, r, c, k);
        }
        double[] y = new double[n];
        for (int i = 0; i < n; i++) y[i] = labels[i];
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] header = new byte[128];
        byte[] text = "MATLAB 5.0 MAT-file, written by Dante's tests".getBytes(StandardCharsets.US_ASCII);
        java.util.Arrays.fill(header, 0, 116, (byte) ' ');
        System.arraycopy(text, 0, header, 0, text.length);
        header[124] = 0x00;    // version 0x0100, little-endian
        header[125] = 0x01;
        header[126] = 'I';
        header[127] = 'M';
        out.writeBytes(header);
        out.writeBytes(matrix("X", 9 /* mxUINT8_CLASS */, new int[] {32, 32, 3, n}, 2 /* miUINT8 */, x));
        ByteBuffer yb = ByteBuffer.allocate(8 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (double v : y) yb.putDouble(v);
        out.writeBytes(matrix("y", 6 /* mxDOUBLE_CLASS */, new int[] {n, 1}, 9 /* miDOUBLE */, yb.array()));
        Files.createDirectories(file.getParent());
        Files.write(file, out.toByteArray());
    }

    /** The test pattern of {@link #svhn}. */
    static int pixel(int i, int r, int c, int k) { return (i * 7 + r * 3 + c * 5 + k * 11) & 0xff; }

    private static byte[] matrix(String name, int mxClass, int[] dims, int dataType, byte[] data) {
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.writeBytes(element(6 /* miUINT32 */, le(mxClass, 0)));
        int[] d = dims;
        ByteBuffer db = ByteBuffer.allocate(4 * d.length).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : d) db.putInt(v);
        body.writeBytes(element(5 /* miINT32 */, db.array()));
        body.writeBytes(element(1 /* miINT8 */, name.getBytes(StandardCharsets.US_ASCII)));
        body.writeBytes(element(dataType, data));
        return element(14 /* miMATRIX */, body.toByteArray());
    }

    private static byte[] le(int a, int b) {
        return ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putInt(a).putInt(b).array();
    }

    /** A data element: type, byte count, the bytes, padded to 8. */
    private static byte[] element(int type, byte[] data) {
        int pad = (8 - data.length % 8) % 8;
        ByteBuffer b = ByteBuffer.allocate(8 + data.length + pad).order(ByteOrder.LITTLE_ENDIAN);
        b.putInt(type).putInt(data.length).put(data);
        return b.array();
    }

    /**
     * Tiny ImageNet's layout under {@code root}: {@code classes} wnids, {@code perClass} training
     * JPEGs each, {@code val} validation JPEGs with their annotations. Image colour is a function
     * of the class so a net can learn it; one validation image is grey.
     */
    static List<String> tinyImageNet(Path root, int classes, int perClass, int val) throws IOException {
        List<String> wnids = new ArrayList<>();
        for (int c = 0; c < classes; c++) wnids.add(String.format("n%08d", 1000 + c));
        Files.createDirectories(root);
        Files.write(root.resolve("wnids.txt"), wnids);
        for (int c = 0; c < classes; c++) {
            Path images = root.resolve("train").resolve(wnids.get(c)).resolve("images");
            Files.createDirectories(images);
            for (int i = 0; i < perClass; i++) ImageIO.write(image(c, false), "jpeg", images.resolve(wnids.get(c) + "_" + i + ".JPEG").toFile());
        }
        Path vi = root.resolve("val").resolve("images");
        Files.createDirectories(vi);
        List<String> ann = new ArrayList<>();
        for (int i = 0; i < val; i++) {
            int c = i % classes;
            ImageIO.write(image(c, i == 0), "jpeg", vi.resolve("val_" + i + ".JPEG").toFile());
            ann.add("val_" + i + ".JPEG\t" + wnids.get(c) + "\t0\t0\t63\t63");
        }
        Files.write(root.resolve("val").resolve("val_annotations.txt"), ann);
        return wnids;
    }

    /** A flat 64×64 image whose red, green and blue levels encode the class (grey: one level). */
    static BufferedImage image(int c, boolean grey) {
        BufferedImage img = new BufferedImage(64, 64, grey ? BufferedImage.TYPE_BYTE_GRAY : BufferedImage.TYPE_INT_RGB);
        int red = (c * 40) % 256, green = (c * 90 + 30) % 256, blue = (c * 150 + 60) % 256;
        for (int y = 0; y < 64; y++) for (int x = 0; x < 64; x++) img.setRGB(x, y, grey ? (red << 16) | (red << 8) | red : (red << 16) | (green << 8) | blue);
        return img;
    }
}

package dante.cli.reproduce;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;

import javax.imageio.ImageIO;

import dante.core.data.Dataset;
import dante.core.model.AtomicFiles;
import dante.core.model.SafeTensors;
import dante.core.nn.Network;
import dante.core.nn.Workspace;
import dante.kernels.FloatMatrix;
import dante.kernels.Kernels;
import de.bwaldvogel.liblinear.Feature;
import de.bwaldvogel.liblinear.FeatureNode;
import de.bwaldvogel.liblinear.Linear;
import de.bwaldvogel.liblinear.Parameter;
import de.bwaldvogel.liblinear.Problem;
import de.bwaldvogel.liblinear.SolverType;

/**
 * What Table 4 and Figure 9 do with a trained autoencoder: the hidden (bottleneck) layer's
 * activations as features for a linear SVM (LIBLINEAR's Java port), and reconstructions drawn
 * as a grid of grey images.
 */
final class Representations {
    private Representations() {}

    /** The C values the SVM tries, chosen on the validation part. */
    static final double[] C_GRID = {0.01, 0.1, 1, 10, 100};

    /** A linear SVM's test accuracy with the C that did best on validation. */
    record SvmResult(double testAccuracy, double validationAccuracy, double c) {}

    /** A model file's network (closed by the caller). */
    static Network load(Path modelFile) { return SafeTensors.load(modelFile).network(); }

    /** Layer {@code layer}'s activations for every row of {@code d}, in blocks of 1024 rows. */
    static float[][] activations(Kernels k, Network net, int layer, Dataset d) {
        int n = d.size(), block = Math.min(1024, Math.max(1, n));
        float[][] out = new float[n][];
        try (Workspace ws = new Workspace(net, block)) {
            for (int from = 0; from < n; from += block) {
                int to = Math.min(n, from + block);
                FloatMatrix h = ws.forward(k, d.features().rowRange(from, to), 0, layer);
                for (int i = from; i < to; i++) {
                    float[] row = new float[h.cols()];
                    for (int j = 0; j < row.length; j++) row[j] = h.get(i - from, j);
                    out[i] = row;
                }
            }
        }
        return out;
    }

    /** The rows of {@code d}'s features as arrays. */
    static float[][] rows(Dataset d) {
        float[][] out = new float[d.size()][d.featureCount()];
        for (int i = 0; i < out.length; i++) for (int j = 0; j < out[i].length; j++) out[i][j] = d.features().get(i, j);
        return out;
    }

    /**
     * Trains LIBLINEAR's L2-regularized L2-loss SVC (primal) on {@code train} for each C of
     * {@link #C_GRID}, keeps the C with the best validation accuracy (the smallest on ties) and
     * reports its test accuracy. Features are standardized with the training part's statistics.
     */
    static SvmResult svm(float[][] train, int[] trainY, float[][] val, int[] valY, float[][] test, int[] testY) {
        int d = train[0].length;
        double[] mean = new double[d], sd = new double[d];
        for (float[] r : train) for (int j = 0; j < d; j++) mean[j] += r[j] / (double) train.length;
        for (float[] r : train) for (int j = 0; j < d; j++) sd[j] += (r[j] - mean[j]) * (r[j] - mean[j]) / Math.max(1, train.length - 1);
        for (int j = 0; j < d; j++) sd[j] = sd[j] > 1e-12 ? Math.sqrt(sd[j]) : 1;
        Feature[][] tx = features(train, mean, sd), vx = features(val, mean, sd), sx = features(test, mean, sd);
        Problem p = new Problem();
        p.l = train.length;
        p.n = d + 1;                 // the features and the bias column features() appends
        p.x = tx;
        p.y = new double[trainY.length];
        for (int i = 0; i < trainY.length; i++) p.y[i] = trainY[i];
        p.bias = -1;                 // LIBLINEAR adds no bias of its own
        Linear.disableDebugOutput();
        SvmResult best = null;
        for (double c : C_GRID) {
            Linear.resetRandom();
            // the primal solver (trust-region Newton): LIBLINEAR's advice when rows far outnumber features, and it does not
            // slow down at large C the way the dual coordinate descent does (minutes per C on 18 000 × 784)
            de.bwaldvogel.liblinear.Model m = Linear.train(p, new Parameter(SolverType.L2R_L2LOSS_SVC, c, 0.01));
            double va = accuracy(m, vx, valY);
            if (best == null || va > best.validationAccuracy()) best = new SvmResult(accuracy(m, sx, testY), va, c);
        }
        return best;
    }

    private static Feature[][] features(float[][] x, double[] mean, double[] sd) {
        Feature[][] out = new Feature[x.length][];
        for (int i = 0; i < x.length; i++) {
            out[i] = new Feature[x[i].length + 1];
            for (int j = 0; j < x[i].length; j++) out[i][j] = new FeatureNode(j + 1, (x[i][j] - mean[j]) / sd[j]);
            out[i][x[i].length] = new FeatureNode(x[i].length + 1, 1);   // the bias term
        }
        return out;
    }

    private static double accuracy(de.bwaldvogel.liblinear.Model m, Feature[][] x, int[] y) {
        int ok = 0;
        for (int i = 0; i < x.length; i++) if ((int) Linear.predict(m, x[i]) == y[i]) ok++;
        return x.length == 0 ? Double.NaN : ok / (double) x.length;
    }

    /**
     * A grid of square grey images, one row per entry of {@code rows} (each a list of images
     * as pixel rows in [0, 1]) named by {@code labels} on the left, each pixel drawn
     * {@code zoom}×{@code zoom}, with a 2-pixel gap.
     */
    static void writeGrid(Path file, List<String> labels, List<float[][]> rows, int side, int zoom) {
        int cols = rows.get(0).length, cell = side * zoom + 2, margin = 70;
        BufferedImage img = new BufferedImage(margin + cols * cell + 2, rows.size() * cell + 2, BufferedImage.TYPE_BYTE_GRAY);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(java.awt.Color.WHITE);
        g.fillRect(0, 0, img.getWidth(), img.getHeight());
        g.setColor(java.awt.Color.BLACK);
        g.setRenderingHint(java.awt.RenderingHints.KEY_TEXT_ANTIALIASING, java.awt.RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setFont(new java.awt.Font("SansSerif", java.awt.Font.PLAIN, 13));
        for (int r = 0; r < rows.size(); r++) g.drawString(labels.get(r), 4, 2 + r * cell + cell / 2 + 5);
        g.dispose();
        for (int r = 0; r < rows.size(); r++) {
            for (int c = 0; c < cols; c++) {
                float[] px = rows.get(r)[c];
                for (int y = 0; y < side * zoom; y++) {
                    for (int x = 0; x < side * zoom; x++) {
                        float v = Math.max(0f, Math.min(1f, px[(y / zoom) * side + x / zoom]));
                        img.getRaster().setSample(margin + 2 + c * cell + x, 2 + r * cell + y, 0, Math.round(v * 255));
                    }
                }
            }
        }
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ImageIO.write(img, "png", out);
            AtomicFiles.write(file, out.toByteArray());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}

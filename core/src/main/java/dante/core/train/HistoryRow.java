package dante.core.train;

import java.util.HashMap;
import java.util.Map;

/**
 * One evaluation. {@code epoch} counts passes over the training set (fractional between
 * epochs); {@code layer} is "all" or the trainable layers; {@code weightsUpdated} is the
 * paper's x-axis, the cumulative number of scalar parameters changed; {@code learningRate} is
 * the η of the last step taken (the base rate before training); {@code seconds} is training
 * time so far, evaluation excluded. Validation metrics come from the split that chooses
 * hyperparameters, test metrics from the held-out set. Missing values are NaN.
 *
 * @param epoch epochs completed (fractional between epochs)
 * @param phase the index of the phase (0 for joint training)
 * @param layer the layers the phase trains ("all" for joint training)
 * @param weightsUpdated scalar parameters changed so far, summed over steps
 * @param learningRate the learning rate in force
 * @param trainLoss the loss on the training part
 * @param validationLoss the loss on the validation part (NaN without one)
 * @param validationAccuracy the accuracy on the validation part (NaN without one or for regression)
 * @param testLoss the loss on the test part
 * @param testAccuracy the accuracy on the test part (NaN for regression)
 * @param seconds training time so far, evaluation excluded
 */
public record HistoryRow(double epoch, int phase, String layer, long weightsUpdated, double learningRate,
                         double trainLoss, double validationLoss, double validationAccuracy,
                         double testLoss, double testAccuracy, double seconds) {

    public static final String CSV_HEADER = "epoch,phase,layer,weights_updated,learning_rate,train_loss,"
            + "validation_loss,validation_accuracy,test_loss,test_accuracy,seconds";
    private static final String[] COLUMNS = CSV_HEADER.split(",");

    /** {@return the row as a line of {@code history.csv} (no line break), empty cells for NaN} */
    public String toCsv() {
        return fmt(epoch) + "," + phase + "," + layer + "," + weightsUpdated + "," + fmt(learningRate) + "," + fmt(trainLoss) + ","
                + fmt(validationLoss) + "," + fmt(validationAccuracy) + "," + fmt(testLoss) + "," + fmt(testAccuracy) + "," + fmt(seconds);
    }

    /**
     * The accuracy (or, for regression, the negated loss) on the validation split, or on the test set when {@code test}.
     *
     * @param test whether to read the test set's score
     * @return the score, higher is better
     */
    public double score(boolean test) {
        double acc = test ? testAccuracy : validationAccuracy, loss = test ? testLoss : validationLoss;
        return Double.isNaN(acc) ? -loss : acc;
    }

    private static String fmt(double v) {
        if (Double.isNaN(v)) return "";
        return Double.toString(v);
    }

    /** Column positions of a header line; every column of {@link #CSV_HEADER} must be there (in any order). */
    static int[] columns(String header, String where) {
        String[] h = header.trim().split(",", -1);
        Map<String, Integer> at = new HashMap<>();
        for (int i = 0; i < h.length; i++) at.put(h[i].trim(), i);
        int[] pos = new int[COLUMNS.length];
        for (int c = 0; c < COLUMNS.length; c++) {
            Integer p = at.get(COLUMNS[c]);
            if (p == null) throw new IllegalArgumentException(where + ": expected the column '" + COLUMNS[c] + "' in the header '" + CSV_HEADER + "'");
            pos[c] = p;
        }
        return pos;
    }

    /**
     * Parses a line written by {@link #toCsv()}; {@code where} names the file and line for errors.
     *
     * @param line the line
     * @param where the file and line, for messages
     * @return the row
     * @throws IllegalArgumentException naming {@code where} and what is wrong (the field count, a field that is not a number)
     */
    public static HistoryRow parse(String line, String where) {
        return parse(line, IN_ORDER, COLUMNS.length, where);
    }

    private static final int[] IN_ORDER = java.util.stream.IntStream.range(0, COLUMNS.length).toArray();

    static HistoryRow parse(String line, int[] pos, int fields, String where) {
        String[] f = line.split(",", -1);
        if (f.length != fields) throw new IllegalArgumentException(where + ": expected " + fields + " comma-separated fields, found " + f.length);
        try {
            return new HistoryRow(num(f[pos[0]]), Integer.parseInt(f[pos[1]].trim()), f[pos[2]].trim(), Long.parseLong(f[pos[3]].trim()),
                    num(f[pos[4]]), num(f[pos[5]]), num(f[pos[6]]), num(f[pos[7]]), num(f[pos[8]]), num(f[pos[9]]), num(f[pos[10]]));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(where + ": a field is not a number (" + e.getMessage() + ")");
        }
    }

    private static double num(String s) { return s.isBlank() ? Double.NaN : Double.parseDouble(s.trim()); }
}

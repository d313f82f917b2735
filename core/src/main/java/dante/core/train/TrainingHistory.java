package dante.core.train;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

import dante.core.model.AtomicFiles;

/** The evaluations of a run, in order; reads and writes {@code history.csv}. */
public final class TrainingHistory {
    private final List<HistoryRow> rows = new ArrayList<>();

    /** An empty history. */
    public TrainingHistory() {}

    /**
     * Appends an evaluation.
     *
     * @param row the evaluation
     */
    public void add(HistoryRow row) { rows.add(row); }
    /** {@return the evaluations, in order (unmodifiable)} */
    public List<HistoryRow> rows() { return Collections.unmodifiableList(rows); }
    /** {@return the number of evaluations} */
    public int size() { return rows.size(); }
    /** {@return whether nothing was recorded} */
    public boolean isEmpty() { return rows.isEmpty(); }
    /**
     * An independent copy (rows are immutable).
     *
     * @return the copy
     */
    public TrainingHistory copy() {
        TrainingHistory h = new TrainingHistory();
        h.rows.addAll(rows);
        return h;
    }

    /** {@return the last evaluation, or null when there is none} */
    public HistoryRow last() { return rows.isEmpty() ? null : rows.get(rows.size() - 1); }

    /** {@return the history as {@code history.csv}'s text, header first} */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(HistoryRow.CSV_HEADER).append('\n');
        for (HistoryRow r : rows) sb.append(r.toCsv()).append('\n');
        return sb.toString();
    }

    /**
     * Writes the CSV atomically (temp file, then rename).
     *
     * @param file the file
     * @throws java.io.UncheckedIOException naming the file when it cannot be written
     */
    public void write(Path file) {
        AtomicFiles.write(file, toCsv().getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Reads a {@code history.csv}.
     *
     * @param file the file
     * @return the history
     * @throws IllegalArgumentException naming the file and line of a bad row
     * @throws java.io.UncheckedIOException when it cannot be read
     */
    public static TrainingHistory read(Path file) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read training history " + file + ": " + e.getMessage(), e);
        }
        if (lines.isEmpty()) throw new IllegalArgumentException(file + ": line 1: expected the header '" + HistoryRow.CSV_HEADER + "', found an empty file");
        int[] pos = HistoryRow.columns(lines.get(0), file + ": line 1");
        int fields = lines.get(0).trim().split(",", -1).length;
        TrainingHistory h = new TrainingHistory();
        for (int i = 1; i < lines.size(); i++) {
            if (lines.get(i).isBlank()) continue;
            h.add(HistoryRow.parse(lines.get(i), pos, fields, file + ": line " + (i + 1)));
        }
        return h;
    }
}

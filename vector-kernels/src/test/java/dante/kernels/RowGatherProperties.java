package dante.kernels;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

import org.junit.jupiter.api.Test;

/**
 * {@link Kernels#gatherRows}: row i of the destination is row {@code order[start + i]} of the
 * source, on both twins and 1–4 threads, for sources and destinations that are views with
 * padded strides, row counts around the chunk size and copies large enough to be split.
 */
class RowGatherProperties {

    @Property(tries = 60)
    void everyRowLandsWhereTheOrderSaysOnEveryKernelAndThreadCount(@ForAll @IntRange(min = 1, max = 300) int srcRows,
            @ForAll @IntRange(min = 1, max = 900) int cols, @ForAll @IntRange(min = 0, max = 200) int rows,
            @ForAll @IntRange(min = 0, max = 3) int srcPad, @ForAll @IntRange(min = 0, max = 3) int dstPad, @ForAll long seed) {
        Random rnd = new Random(seed);
        int start = rnd.nextInt(5);
        int[] order = new int[start + rows + rnd.nextInt(3)];
        for (int i = 0; i < order.length; i++) order[i] = rnd.nextInt(srcRows);
        try (MatrixArena a = new MatrixArena()) {
            FloatMatrix srcFull = a.allocate(srcRows + 1, cols + srcPad);
            for (int i = 0; i < srcRows + 1; i++) for (int j = 0; j < cols + srcPad; j++) srcFull.set(i, j, i * 10_000 + j + 0.5f);
            FloatMatrix src = srcFull.view(1, srcPad, srcRows, cols);                 // an offset and a stride wider than the columns
            for (Kernels k : List.of(Kernels.scalar(1), Kernels.scalar(3), Kernels.panama(1), Kernels.panama(2), Kernels.panama(4))) {
                try (k) {
                    FloatMatrix dstFull = a.allocate(rows + 2, cols + dstPad);
                    dstFull.set(rows + 1, 0, -7f);
                    FloatMatrix dst = dstFull.view(1, 0, rows, cols);
                    k.gatherRows(src, order, start, dst);
                    for (int i = 0; i < rows; i++) {
                        for (int j = 0; j < cols; j++) {
                            assertEquals(src.get(order[start + i], j), dst.get(i, j), k + ": row " + i + ", column " + j);
                        }
                    }
                    assertEquals(0f, dstFull.get(0, 0), "nothing written above the destination");
                    assertEquals(-7f, dstFull.get(rows + 1, 0), "nothing written below the destination");
                    if (dstPad > 0 && rows > 0) assertEquals(0f, dstFull.get(1, cols), "nothing written in the padding");
                }
            }
        }
    }

    @Test
    void aBadOrderOrShapeFailsBeforeAnythingIsCopied() {
        try (MatrixArena a = new MatrixArena(); Kernels k = Kernels.panama(2)) {
            FloatMatrix src = a.allocate(100, 800), dst = a.allocate(64, 800);
            int[] order = new int[64];
            order[63] = 100;                                                            // one past the source's last row
            assertThrows(IndexOutOfBoundsException.class, () -> k.gatherRows(src, order, 0, dst));
            assertEquals(0f, dst.get(0, 0));
            order[63] = -1;
            assertThrows(IndexOutOfBoundsException.class, () -> k.gatherRows(src, order, 0, dst));
            order[63] = 0;
            assertThrows(IndexOutOfBoundsException.class, () -> k.gatherRows(src, order, 1, dst), "the order ends before the destination's last row");
            assertThrows(IllegalArgumentException.class, () -> k.gatherRows(src, order, 0, a.allocate(64, 799)));
        }
    }
}

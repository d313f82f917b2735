package dante.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import dante.core.data.Dataset;
import dante.datasets.DataFormatException;
import dante.datasets.Svhn;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;

/** SVHN's reader on corrupted files: the same images, or our own exception naming the file; never another exception. */
class SvhnCorruptionProperties {
    /** The law: an SVHN file truncated or with a damaged element header loads exactly as the clean one or fails with our own exception; never another. */
    @Property(tries = 150)
    void corruptedSvhnFilesAreRefusedOrHarmless(@ForAll @IntRange(min = 1, max = 4) int n, @ForAll @IntRange(min = 0, max = 2) int kind, @ForAll long seed) throws Exception {
        Path clean = Files.createTempFile("svhn", ".mat"), bad = Files.createTempFile("svhn-bad", ".mat");
        try {
            int[] labels = new int[n];
            Random r = new Random(seed);
            for (int i = 0; i < n; i++) labels[i] = 1 + r.nextInt(10);
            RealFormatFiles.svhn(clean, labels);
            byte[] b = Files.readAllBytes(clean);
            // the structure: the 64 bytes of tags, flags, dimensions and name before X's pixels, and the same before y's values
            // (the payload has no checksum in an uncompressed MAT file, so a changed pixel is a different image, not a defect)
            int yAt = 128 + 72 + 3072 * n;
            switch (kind) {
                case 0 -> b = java.util.Arrays.copyOf(b, r.nextInt(b.length));                     // truncated anywhere
                case 1 -> b[128 + r.nextInt(64)] ^= (byte) (1 + r.nextInt(255));                   // X's header
                default -> b[yAt + r.nextInt(64)] ^= (byte) (1 + r.nextInt(255));                  // y's header
            }
            Files.write(bad, b);
            float[] want;
            try (Dataset d = Svhn.read("clean", clean)) { want = d.features().toArray(); }
            try (Dataset d = Svhn.read("bad", bad)) {
                // it loaded: then the images are the clean ones (a changed label byte either fails the label check or is another valid label)
                assertArrayEquals(want, d.features().toArray());
            } catch (DataFormatException expected) {
                assertTrue(expected.getMessage().startsWith(bad.toString()), expected.getMessage());
            }
        } finally {
            Files.deleteIfExists(clean);
            Files.deleteIfExists(bad);
        }
    }

}

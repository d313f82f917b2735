package dante.datasets;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.lifecycle.AfterContainer;

/**
 * The fuzzing campaign for text formats (docs/RELIABILITY.md). CSV and LIBSVM carry no counts
 * or checksums, so a mutation may well be valid text: the law is that a mutated file loads
 * (finite values, consistent shapes) or fails with {@link DataFormatException} naming the
 * file, promptly; never another exception.
 */
class TextFileFuzzProperties {
    static final Path DIR;
    static int tried, refused, loaded;
    static final int SCALE = Integer.getInteger("dante.fuzz.scale", 1);

    static {
        try {
            DIR = Files.createTempDirectory("dante-textfuzz");
        } catch (Exception e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    static final String CSV = "a,b,colour,y\r\n1.5,2,red,0\r\n-3,4e-2,blue,1\r\n0,0,red,1\r\n7,8,green,0\r\n";
    static final String LIBSVM = "1 1:0.5 3:-2\n-1 2:1e3\n1 1:1 2:2 3:3\n+1 3:0.25\n";

    static String mutate(String text, long seed) {
        Random r = new Random(seed);
        StringBuilder b = new StringBuilder(text);
        String alphabet = ",:;\t\r\n -+.eE0123456789abcNaInfty\"\u0000\u00e9";
        for (int k = 0, n = 1 + r.nextInt(5); k < n && b.length() > 0; k++) {
            int i = r.nextInt(b.length());
            switch (r.nextInt(4)) {
                case 0 -> b.setCharAt(i, alphabet.charAt(r.nextInt(alphabet.length())));
                case 1 -> b.insert(i, alphabet.charAt(r.nextInt(alphabet.length())));
                case 2 -> b.deleteCharAt(i);
                default -> b.setLength(i);
            }
        }
        return b.toString();
    }

    void check(String kind, String original, long seed) throws Exception {
        Path f = Files.writeString(DIR.resolve("m." + kind), mutate(original, seed), StandardCharsets.UTF_8);
        long t0 = System.nanoTime();
        tried++;
        try {
            DelimitedText.Table t = kind.equals("csv")
                    ? DelimitedText.read(DelimitedText.Options.csv(true, "y", true).withCategorical("colour"), f)
                    : LibSvm.read(0, f);
            for (float v : t.x()) assertTrue(Float.isFinite(v), "seed " + seed + ": a loaded value is not finite");
            assertTrue(t.x().length == (long) t.rows() * t.cols());
            loaded++;
        } catch (DataFormatException e) {
            refused++;
            assertTrue(e.getMessage().contains(f.toString()), "the message names the file: " + e.getMessage());
        } catch (Throwable t) {
            fail(kind + " seed " + seed + ": a mutated file threw " + t, t);
        }
        assertTrue(System.nanoTime() - t0 < 5_000_000_000L);
    }

    @Property(tries = 300)
    void aMutatedCsvLoadsOrFailsWithOurOwnException(@ForAll long seed) throws Exception {
        for (int i = 0; i < SCALE; i++) check("csv", CSV, seed + i * 0x9E3779B97F4A7C15L);
    }

    @Property(tries = 300)
    void aMutatedLibsvmFileLoadsOrFailsWithOurOwnException(@ForAll long seed) throws Exception {
        for (int i = 0; i < SCALE; i++) check("libsvm", LIBSVM, seed + i * 0x9E3779B97F4A7C15L);
    }

    @AfterContainer
    static void report() {
        System.out.printf("text-file fuzzing: %d mutants, %d loaded, %d refused%n", tried, loaded, refused);
    }
}

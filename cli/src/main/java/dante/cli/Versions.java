package dante.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

import dante.kernels.Kernels;
import picocli.CommandLine.IVersionProvider;

/** {@code dante --version}: Dante's version, the JDK and the kernels in use; and the CPU facts {@code dante info} adds. */
final class Versions implements IVersionProvider {
    static final String VERSION = "0.1.0";

    /** The CPU flags the kernels can use (the JIT picks among them for the Vector API). */
    private static final Set<String> RELEVANT = Set.of("sse4_2", "avx", "avx2", "fma", "f16c", "avx512f", "avx512dq", "avx512bw", "avx512vl",
            "avx512cd", "avx512_vnni", "avx512_bf16", "avx512_fp16", "amx_tile", "amx_bf16", "asimd", "sve", "sve2");

    @Override
    public String[] getVersion() {
        Kernels k = Kernels.best();
        return new String[] {
                "dante " + VERSION,
                "JDK " + Runtime.version() + " (" + System.getProperty("java.vm.name") + ", " + System.getProperty("java.vendor") + ")",
                "kernels " + k.name() + ", " + k.vectorBits() + "-bit vectors, " + k.threads() + " thread(s)"};
    }

    /** The CPU's model name from /proc/cpuinfo, or the JVM's architecture name where that file is missing. */
    static String cpuModel() {
        for (String line : cpuinfo()) {
            if (line.startsWith("model name") || line.startsWith("Model")) {
                int colon = line.indexOf(':');
                if (colon > 0) return line.substring(colon + 1).trim();
            }
        }
        return System.getProperty("os.arch");
    }

    /** The CPU flags of {@link #RELEVANT} this CPU reports (Linux), sorted; empty where unknown. */
    static List<String> vectorFeatures() {
        Set<String> found = new TreeSet<>();
        for (String line : cpuinfo()) {
            if (line.startsWith("flags") || line.startsWith("Features")) {
                for (String f : line.substring(line.indexOf(':') + 1).trim().split("\\s+")) {
                    if (RELEVANT.contains(f.toLowerCase(Locale.ROOT))) found.add(f);
                }
                break;
            }
        }
        return new ArrayList<>(found);
    }

    private static List<String> cpuinfo() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo"));
        } catch (IOException | RuntimeException e) {
            return List.of();
        }
    }
}

package dante.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * Checks an output file before anything is written to it: it must not be one of the command's inputs (the data file,
 * the model), a directory, or anything but a regular file (a device such as {@code /dev/stdout}, a pipe, a socket);
 * the output is replaced atomically, and renaming over an input or a device is never what the user meant.
 */
final class OutputPaths {
    private OutputPaths() {}

    /**
     * Refuses {@code out} in one line when it is an input, a directory or not a regular file.
     *
     * @param option the option that named it, for the message
     * @param out the output file
     * @param inputs the files and directories the command reads
     * @throws IllegalArgumentException naming the option, the path and why
     */
    static void checkFile(String option, Path out, List<Path> inputs) {
        if (out.toString().isBlank()) throw new IllegalArgumentException(option + ": expected a file, found an empty path");
        if (Files.isDirectory(out)) throw new IllegalArgumentException(option + " " + out + ": is a directory; name a file in it");
        if (Files.exists(out) && !Files.isRegularFile(out)) {
            throw new IllegalArgumentException(option + " " + out + ": is not a regular file (a device, pipe or socket)" + (option.equals("--out") ? "; --out - writes to standard output" : ""));
        }
        Path parent = out.toAbsolutePath().normalize().getParent();
        for (Path in : inputs) {
            if (in == null || !Files.exists(in)) continue;
            try {
                if (Files.exists(out) && Files.isSameFile(out, in)) {
                    throw new IllegalArgumentException(option + " " + out + ": is the input " + in + "; writing there would replace it, choose another file");
                }
                if (Files.isDirectory(in) && parent != null && Files.isDirectory(parent) && Files.isSameFile(parent, in)
                        && isInputName(out.getFileName().toString())) {
                    throw new IllegalArgumentException(option + " " + out + ": would replace a file of the input directory " + in + "; choose another file");
                }
            } catch (IOException e) {
                throw new IllegalArgumentException(option + " " + out + ": cannot compare it with the input " + in + " (" + e.getMessage() + ")");
            }
        }
    }

    /** The IDX file names Dante reads from a data directory. */
    private static boolean isInputName(String name) {
        return name.matches("(train|t10k)-(images-idx3|labels-idx1)-ubyte(\\.gz)?");
    }
}

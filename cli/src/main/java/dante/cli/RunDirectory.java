package dante.cli;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

import dante.core.model.AtomicFiles;
import dante.core.model.Json;
import dante.core.model.SafeTensors;
import dante.core.nn.Network;
import dante.core.train.Checkpoint;
import dante.core.train.TrainingHistory;

/**
 * A run's output directory, held by one run at a time (a lock file), checked before any work
 * starts, and the home of its checkpoints. A checkpoint is one consistent set of files (model,
 * step-rule state, history) written into a fresh directory, then published by atomically
 * replacing the manifest {@code CHECKPOINT}, which names the directory, the run's
 * configuration and each file's SHA-256; a reader sees the old set or the new, never a mix.
 * Resuming verifies the manifest, the files and the configuration, and refuses any mismatch.
 */
final class RunDirectory implements AutoCloseable {
    static final String MANIFEST = "CHECKPOINT";
    private static final String[] FILES = {"model.safetensors", "optimizer.safetensors", "history.csv"};
    /** The name of a checkpoint directory, as {@link #save} writes it; nothing else is ever deleted or read as one. */
    private static final java.util.regex.Pattern CHECKPOINT_NAME = java.util.regex.Pattern.compile("checkpoint-\\d{1,18}");
    /** A checkpoint directory being written, as {@link #save} names it. */
    private static final java.util.regex.Pattern CHECKPOINT_TEMP = java.util.regex.Pattern.compile("\\.checkpoint-\\d{1,18}\\.tmp");
    /** A temporary file of {@link AtomicFiles} for one of the files a run writes (a random base-36 suffix). */
    private static final java.util.regex.Pattern TEMP_FILE = java.util.regex.Pattern.compile(
            "\\.(CHECKPOINT|model\\.safetensors|optimizer\\.safetensors|history\\.csv|summary\\.json|plot\\.png|plot\\.svg)\\.[0-9a-z]{1,13}\\.tmp");

    private final Path dir;
    private final FileChannel lockChannel;
    private final FileLock lock;

    private RunDirectory(Path dir, FileChannel ch, FileLock lock) {
        this.dir = dir;
        this.lockChannel = ch;
        this.lock = lock;
    }

    Path path() { return dir; }

    /**
     * Creates (if needed) and locks {@code dir} for this run, and removes the temporary files a
     * killed run left. Fails with one line naming the directory when it is not a writable
     * directory or another run holds it.
     */
    static RunDirectory open(Path dir, String option) {
        if (dir == null || dir.toString().isBlank()) throw new IllegalArgumentException(option + ": expected a directory, found an empty path");
        if (Files.exists(dir) && !Files.isDirectory(dir)) throw new IllegalArgumentException(option + " " + dir + ": exists and is not a directory");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + dir + ": cannot create the directory (" + reason(e) + ")");
        }
        if (!Files.isWritable(dir)) throw new IllegalArgumentException(option + " " + dir + ": the directory is not writable");
        Path lockFile = dir.resolve(".lock");
        if (Files.exists(lockFile, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(lockFile, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new IllegalArgumentException(option + " " + dir + ": its .lock is not a regular file (a symbolic link, directory or device); dante writes there, so remove it");
        }
        FileChannel ch;
        try {
            // never through a symbolic link (one planted in --out would send the pid over a file elsewhere)
            ch = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ, java.nio.file.LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            throw new IllegalArgumentException(option + " " + dir + ": cannot create its lock file (" + reason(e) + ")");
        }
        // Hard links are counted where the file system has POSIX attributes (Linux, macOS); elsewhere
        // the symbolic-link refusal above is the only check.
        if (lockFile.getFileSystem().supportedFileAttributeViews().contains("unix")) {
            try {
                Object links = Files.getAttribute(lockFile, "unix:nlink", java.nio.file.LinkOption.NOFOLLOW_LINKS);
                if (links instanceof Integer n && n > 1) {
                    close(ch);
                    throw new IllegalArgumentException(option + " " + dir + ": its .lock has " + n + " hard links (it is also a file elsewhere); dante writes there, so remove it");
                }
            } catch (IOException e) {
                close(ch);
                throw new IllegalArgumentException(option + " " + dir + ": cannot read its .lock's attributes (" + reason(e) + ")");
            }
        }
        FileLock l;
        try {
            l = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            l = null;
        } catch (IOException e) {
            close(ch);
            throw new IllegalArgumentException(option + " " + dir + ": cannot lock it (" + reason(e) + ")");
        }
        if (l == null) {
            String holder = "";
            try {
                holder = new String(Files.readAllBytes(dir.resolve(".lock")), StandardCharsets.UTF_8).trim();
            } catch (IOException ignored) { /* the message does without */ }
            close(ch);
            throw new IllegalArgumentException(option + " " + dir + ": in use by another dante run" + (holder.isEmpty() ? "" : " (" + holder + ")")
                    + "; wait for it or choose another directory");
        }
        try {
            ch.truncate(0);
            ch.write(java.nio.ByteBuffer.wrap(("pid " + ProcessHandle.current().pid()).getBytes(StandardCharsets.UTF_8)), 0);
        } catch (IOException ignored) { /* the pid is only for messages */ }
        RunDirectory rd = new RunDirectory(dir, ch, l);
        try {
            rd.cleanUp(option);
        } catch (RuntimeException e) {
            rd.close();
            throw e;
        }
        return rd;
    }

    private static String reason(IOException e) {
        String m = e.getMessage();
        String kind = e.getClass().getSimpleName().replace("Exception", "");
        return m == null ? kind : kind + ": " + m;
    }

    /**
     * The manifest's checkpoint directory when it names one of the form {@link #save} writes, else null: a manifest
     * from elsewhere may say {@code "../victim"}, an absolute path, {@code ""} or a number, and none of those is ever
     * deleted or read.
     */
    private String manifestDirectory() {
        try {
            Map<String, Object> m = manifest();
            if (m != null && m.get("directory") instanceof String d && CHECKPOINT_NAME.matcher(d).matches()) return d;
        } catch (RuntimeException ignored) { /* a broken manifest is reported on resume */ }
        return null;
    }

    /**
     * Whether {@code p} is a directory (not a link) holding nothing but the files a checkpoint writes and their
     * temporary files: the only kind of directory a run deletes.
     */
    private static boolean holdsOnlyCheckpointFiles(Path p) throws IOException {
        if (!Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return false;
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
            for (Path c : ds) {
                String n = c.getFileName().toString();
                if (!Files.isRegularFile(c, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return false;
                if (!java.util.Arrays.asList(FILES).contains(n) && !TEMP_FILE.matcher(n).matches()) return false;
            }
        }
        return true;
    }

    /**
     * One look at --out before the run: a {@code checkpoint-N} directory holding files dante did not write is refused
     * (never deleted or replaced); otherwise the temporary files and half-written or superseded checkpoint directories
     * a killed run left are removed, by exact name and only when they hold nothing but dante's own files.
     */
    private void cleanUp(String option) {
        String current = manifestDirectory();
        List<Path> leftovers = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir)) {
            for (Path p : ds) {
                String n = p.getFileName().toString();
                boolean checkpointName = CHECKPOINT_NAME.matcher(n).matches() || CHECKPOINT_TEMP.matcher(n).matches();
                if (checkpointName) {
                    if (!holdsOnlyCheckpointFiles(p)) {
                        throw new IllegalArgumentException(option + " " + dir + ": " + n + " holds files dante did not write, and dante keeps its checkpoints under "
                                + "that name; choose another directory or move " + n + " away");
                    }
                    if (!n.equals(current)) leftovers.add(p);
                } else if (TEMP_FILE.matcher(n).matches() && Files.isRegularFile(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
                    leftovers.add(p);
                }
            }
            for (Path p : leftovers) deleteTree(p);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
        }
    }

    /** Writes a checkpoint for the run described by {@code config} and publishes it. */
    void save(Checkpoint c, Network net, Map<String, String> config) {
        String name = "checkpoint-" + c.epochs();
        Path tmp = dir.resolve("." + name + ".tmp"), fin = dir.resolve(name);
        try {
            if (Files.exists(tmp, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !holdsOnlyCheckpointFiles(tmp)) {
                throw new IllegalArgumentException(dir + ": " + tmp.getFileName() + " appeared with files dante did not write while the run was going; it is left as it is and the run stops");
            }
            deleteTree(tmp);
            Files.createDirectories(tmp);
            SafeTensors.save(net, tmp.resolve(FILES[0]), Map.of());
            SafeTensors.saveState(c.state(), tmp.resolve(FILES[1]));
            c.history().write(tmp.resolve(FILES[2]));
            Map<String, Object> files = new TreeMap<>();
            for (String f : FILES) files.put(f, sha256(tmp.resolve(f)));
            if (Files.exists(fin, java.nio.file.LinkOption.NOFOLLOW_LINKS) && !holdsOnlyCheckpointFiles(fin)) {
                throw new IllegalArgumentException(dir + ": " + name + " appeared with files dante did not write while the run was going; it is left as it is and the run stops");
            }
            deleteTree(fin);
            try {
                Files.move(tmp, fin, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, fin);
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("format", "dante-checkpoint");
            m.put("version", 1);
            m.put("directory", name);
            m.put("epochs", c.epochs());
            m.put("weights_updated", c.weightsUpdated());
            m.put("seconds", c.seconds());
            m.put("learning_rate", Float.isNaN(c.learningRate()) ? null : Double.parseDouble(Float.toString(c.learningRate())));
            m.put("config", new TreeMap<>(config));
            m.put("files", files);
            String previous = manifestDirectory();
            AtomicFiles.write(dir.resolve(MANIFEST), (Json.write(m) + "\n").getBytes(StandardCharsets.UTF_8));
            if (previous != null && !previous.equals(name) && holdsOnlyCheckpointFiles(dir.resolve(previous))) deleteTree(dir.resolve(previous));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write a checkpoint in " + dir + ": " + e.getMessage(), e);
        }
    }

    /** The largest manifest read: dante's are a few kilobytes (a 3 GB one was read whole before). */
    private static final long MAX_MANIFEST = 1 << 20;

    private Map<String, Object> manifest() {
        Path p = dir.resolve(MANIFEST);
        if (!Files.isRegularFile(p)) return null;
        try {
            if (Files.size(p) > MAX_MANIFEST) throw new IllegalArgumentException(p + ": is " + Files.size(p) + " bytes, not a dante checkpoint manifest (those are a few kilobytes)");
            Object o = Json.parse(Files.readString(p, StandardCharsets.UTF_8), p.toString());
            if (!(o instanceof Map<?, ?> m)) throw new IllegalArgumentException(p + ": expected a JSON object");
            @SuppressWarnings("unchecked") Map<String, Object> r = (Map<String, Object>) m;
            return r;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        }
    }

    /** The last checkpoint, after checking it is whole and belongs to a run with this {@code config}; its weights go into {@code net}. */
    Checkpoint load(Network net, Map<String, String> config) {
        Path mp = dir.resolve(MANIFEST);
        Map<String, Object> m = manifest();
        if (m == null) throw new IllegalArgumentException("--resume: " + dir + " holds no checkpoint (" + MANIFEST + " is missing); nothing to resume");
        if (!"dante-checkpoint".equals(m.get("format")) || !(m.get("directory") instanceof String d) || !CHECKPOINT_NAME.matcher(d).matches()) {
            throw new IllegalArgumentException("--resume: " + mp + " is not a dante checkpoint manifest");
        }
        if (!(m.get("config") instanceof Map<?, ?> saved)) throw new IllegalArgumentException("--resume: " + mp + " has no run configuration");
        for (Map.Entry<String, String> e : config.entrySet()) {
            Object was = saved.get(e.getKey());
            if (!e.getValue().equals(was == null ? null : was.toString())) {
                throw new IllegalArgumentException("--resume: the run in " + dir + " was made with " + e.getKey() + " = " + was + ", but this one has " + e.getValue()
                        + "; resume with the same options (only --epochs, --rounds, --budget and evaluation and thread options may change)");
            }
        }
        Path cd = dir.resolve(d);
        if (!(m.get("files") instanceof Map<?, ?> files)) throw new IllegalArgumentException("--resume: " + mp + " lists no files");
        for (String f : FILES) {
            Path p = cd.resolve(f);
            if (!Files.isRegularFile(p)) throw new IllegalArgumentException("--resume: " + p + " is missing; the checkpoint is incomplete");
            String want = String.valueOf(files.get(f)), got = sha256(p);
            if (!want.equals(got)) throw new IllegalArgumentException("--resume: " + p + " does not match its checksum in " + mp + " (expected " + want + ", found " + got + ")");
        }
        try (Network saved2 = SafeTensors.load(cd.resolve(FILES[0])).network()) {
            if (!saved2.describe().equals(net.describe())) {
                throw new IllegalArgumentException("--resume: " + cd.resolve(FILES[0]) + " holds " + saved2.describe() + " but the options describe " + net.describe());
            }
            net.copyParametersFrom(saved2);
        }
        TrainingHistory h = TrainingHistory.read(cd.resolve(FILES[2]));
        long epochs = number(m, "epochs", mp).longValue(), updated = number(m, "weights_updated", mp).longValue();
        double seconds = number(m, "seconds", mp).doubleValue();
        if (h.size() > 0 && (h.last().epoch() > epochs + 1e-9 || h.last().weightsUpdated() > updated)) {
            throw new IllegalArgumentException("--resume: " + mp + " says " + epochs + " epochs and " + updated + " weights updated, but the checkpoint's history reaches epoch "
                    + h.last().epoch() + " and " + h.last().weightsUpdated() + " weights updated; the checkpoint is inconsistent");
        }
        Object lr = m.get("learning_rate");
        // a step rule keeps at most a few values per parameter (Adam two, AM-Adam's codes aside): the file can be no larger
        long stateBound = (1L << 24) + 8L * Float.BYTES * net.parameterCount();
        return new Checkpoint(epochs, updated, seconds, lr instanceof Number n ? n.floatValue() : Float.NaN, h, SafeTensors.loadState(cd.resolve(FILES[1]), stateBound));
    }

    private static Number number(Map<String, Object> m, String key, Path where) {
        if (!(m.get(key) instanceof Number n)) throw new IllegalArgumentException("--resume: " + where + ": '" + key + "' is not a number");
        return n;
    }

    static String sha256(Path p) {
        try (var in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int r; (r = in.read(buf)) > 0; ) md.update(buf, 0, r);
            return HexFormat.of().formatHex(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + p + ": " + e.getMessage(), e);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e);
        }
    }

    private static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) return;
        if (Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            try (DirectoryStream<Path> ds = Files.newDirectoryStream(p)) {
                for (Path c : ds) deleteTree(c);
            }
        }
        Files.deleteIfExists(p);
    }

    private static void close(FileChannel ch) {
        try { ch.close(); } catch (IOException ignored) { /* nothing to do */ }
    }

    @Override
    public void close() {
        try {
            lock.release();
        } catch (IOException ignored) { /* released with the channel */ }
        close(lockChannel);
    }
}

package dante.cli;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import dante.core.model.Json;

/**
 * How a file's rows became the network's inputs when it was trained: stored in the model file
 * ({@code dante.input} in its metadata) so that {@code dante predict} reads new files the same
 * way. {@code format} is text, libsvm or idx; for text, the delimiter (0: whitespace), whether
 * a header came first, the file's column names, the target column's name, and each feature as
 * a column name or {@code column=level} (a one-hot level); the class names in output order
 * (null for regression); the scaling fitted on the training part (null when none); and how
 * regression targets were scaled for training (null when they were not), which predict undoes.
 */
record InputEncoding(String format, char delimiter, boolean header, List<String> columns, String target, List<String> features,
                     List<String> classes, float[] shift, float[] scale, int featureCount, dante.datasets.TargetScaling targetScaling) {
    static final String KEY = "dante.input";

    /** Each feature's column (an index into {@code columns}) and its one-hot level (null for a number). */
    record Features(int[] column, String[] level) {
        boolean uses(int c) {
            for (int x : column) if (x == c) return true;
            return false;
        }
    }

    /** Resolves "column" and "column=level" once, for reading rows. */
    Features resolveFeatures() {
        int[] column = new int[features.size()];
        String[] level = new String[features.size()];
        java.util.Map<String, Integer> at = new java.util.HashMap<>(columns.size() * 2);   // a hash per lookup: a list search per feature was quadratic
        for (int c = columns.size() - 1; c >= 0; c--) at.put(columns.get(c), c);        // the first of equal names, as indexOf gave
        for (int j = 0; j < column.length; j++) {
            String f = features.get(j);
            int c = at.getOrDefault(f, -1), eq = f.indexOf('=');
            while (c < 0 && eq > 0) {
                c = at.getOrDefault(f.substring(0, eq), -1);
                if (c >= 0) level[j] = f.substring(eq + 1);
                else eq = f.indexOf('=', eq + 1);
            }
            if (c < 0) throw new IllegalArgumentException("the model's " + KEY + " metadata is malformed: feature '" + f + "' names none of the columns " + columns);
            column[j] = c;
        }
        return new Features(column, level);
    }

    InputEncoding withScaling(float[] shift, float[] scale) {
        return new InputEncoding(format, delimiter, header, columns, target, features, classes, shift, scale, featureCount, targetScaling);
    }

    InputEncoding withTargetScaling(dante.datasets.TargetScaling t) {
        return new InputEncoding(format, delimiter, header, columns, target, features, classes, shift, scale, featureCount, t);
    }

    String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", format);
        m.put("delimiter", delimiter == 0 ? "whitespace" : String.valueOf(delimiter));
        m.put("header", header);
        m.put("columns", columns);
        m.put("target", target);
        m.put("features", features);
        m.put("feature_count", featureCount);
        m.put("classes", classes);
        m.put("shift", shift == null ? null : floats(shift));
        m.put("scale", scale == null ? null : floats(scale));
        if (targetScaling != null) {
            Map<String, Object> scaling = new LinkedHashMap<>();          // in this order in every file (Map.of's order changes from run to run)
            scaling.put("kind", targetScaling.kind());
            scaling.put("shift", targetScaling.shift());
            scaling.put("scale", targetScaling.scale());
            m.put("target_scaling", scaling);
        }
        return Json.write(m);
    }

    private static List<Object> floats(float[] a) {
        List<Object> l = new ArrayList<>(a.length);
        for (float v : a) l.add(v);
        return l;
    }

    /** Reads what {@link #toJson} wrote; {@code source} names the model file in errors. */
    static InputEncoding parse(String json, String source) {
        if (!(Json.parse(json, source + " (" + KEY + ")") instanceof Map<?, ?> m)) throw bad(source, "not an object");
        String format = string(m, "format", source);
        String d = m.get("delimiter") instanceof String s ? s : "whitespace";
        if (!d.equals("whitespace") && (d.length() != 1 || d.charAt(0) == '\n' || d.charAt(0) == '\r')) throw bad(source, "a delimiter that is not one character or whitespace: '" + d + "'");
        char delimiter = d.equals("whitespace") ? 0 : d.charAt(0);
        InputEncoding e = new InputEncoding(format, delimiter, Boolean.TRUE.equals(m.get("header")), strings(m.get("columns"), "columns", source),
                m.get("target") instanceof String t ? t : null, strings(m.get("features"), "features", source), strings(m.get("classes"), "classes", source),
                numbers(m.get("shift"), "shift", source), numbers(m.get("scale"), "scale", source),
                m.get("feature_count") instanceof Number n ? n.intValue() : -1, targetScaling(m.get("target_scaling"), source));
        if (!List.of("text", "libsvm", "idx").contains(format)) throw bad(source, "format '" + format + "'");
        if (format.equals("text") && (e.columns == null || e.features == null || !e.columns.contains(e.target))) throw bad(source, "a text encoding without its columns, features or target");
        if ((e.shift == null) != (e.scale == null) || (e.shift != null && e.shift.length != e.scale.length)) throw bad(source, "shift and scale do not match");
        if (e.classes != null && e.classes.isEmpty()) throw bad(source, "an empty class list");
        if (e.scale != null) {
            for (int i = 0; i < e.scale.length; i++) {
                if (!Float.isFinite(e.scale[i]) || !Float.isFinite(e.shift[i]) || e.scale[i] == 0) throw bad(source, "a feature scaling that is not finite and non-zero (feature " + i + ")");
            }
        }
        return e;
    }

    private static dante.datasets.TargetScaling targetScaling(Object v, String source) {
        if (v == null) return null;
        if (!(v instanceof Map<?, ?> t) || !(t.get("kind") instanceof String kind) || !(t.get("shift") instanceof Number shift)
                || !(t.get("scale") instanceof Number scale) || !(scale.doubleValue() != 0) || !Double.isFinite(shift.doubleValue())
                || !Double.isFinite(scale.doubleValue()) || !List.of("none", "standardize", "minmax", "log1p+standardize", "log1p+minmax").contains(kind)) {
            throw bad(source, "a target_scaling that is not {kind, shift, scale}");
        }
        return new dante.datasets.TargetScaling(kind, kind.startsWith("log1p+"), shift.doubleValue(), scale.doubleValue());
    }

    private static String string(Map<?, ?> m, String key, String source) {
        if (!(m.get(key) instanceof String s)) throw bad(source, "no " + key);
        return s;
    }

    private static List<String> strings(Object v, String key, String source) {
        if (v == null) return null;
        if (!(v instanceof List<?> l)) throw bad(source, key + " is not a list");
        List<String> out = new ArrayList<>();
        for (Object o : l) {
            if (!(o instanceof String s)) throw bad(source, key + " holds a non-string");
            out.add(s);
        }
        return out;
    }

    private static float[] numbers(Object v, String key, String source) {
        if (v == null) return null;
        if (!(v instanceof List<?> l)) throw bad(source, key + " is not a list");
        float[] out = new float[l.size()];
        for (int i = 0; i < out.length; i++) {
            if (!(l.get(i) instanceof Number n)) throw bad(source, key + " holds a non-number");
            out[i] = n.floatValue();
        }
        return out;
    }

    private static IllegalArgumentException bad(String source, String what) {
        return new IllegalArgumentException(source + ": the model's " + KEY + " metadata is malformed: " + what);
    }
}

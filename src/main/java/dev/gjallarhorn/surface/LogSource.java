package dev.gjallarhorn.surface;

/** A place the target writes logs to ({@code kind}: journal-files, directory, unit-output, logrotate, …), and how it was found. */
public record LogSource(String kind, String path, String how) {

    /** Whether a file lies in this log source (the path itself, or below it). */
    public boolean covers(String file) {
        String base = path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (base.contains("*")) {
            String prefix = base.substring(0, base.indexOf('*'));
            return file.startsWith(prefix);
        }
        return file.equals(base) || file.startsWith(base + "/") || file.startsWith(base + ".") || file.startsWith(base + "-");
    }

    @Override
    public String toString() {
        return kind + " " + path + " (" + how + ")";
    }
}

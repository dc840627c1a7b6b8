package dev.gjallarhorn.remote;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Shell that runs on the target, kept as a resource file next to the class that uses it.
 *
 * <p>{@link #load} puts Bilrost's layout ({@value #LAYOUT}: the workspace, the gateway unit, the secrets file, the
 * overlay, the vault, the service-user lookup) in front of the script, so a script uses {@code $BILROST_WORKSPACE}
 * and the like instead of spelling the facts again. A shebang and the shellcheck directives that follow it stay in
 * front of the layout ({@link #linesBeforeLayout}).
 */
public record RemoteScript(String name, String text) {

    /** The resource, next to this class, that holds Bilrost's layout. */
    public static final String LAYOUT = "bilrost-layout.sh";

    /** The script {@code resourceName} next to {@code owner}, with Bilrost's layout in front; a missing resource throws. */
    public static RemoteScript load(Class<?> owner, String resourceName) {
        return new RemoteScript(resourceName, withLayout(read(owner, resourceName)));
    }

    /**
     * The script as written, with nothing in front: for a script that runs on this host rather than the target, or a
     * piece joined behind a script that already carries the layout.
     */
    public static RemoteScript loadAsWritten(Class<?> owner, String resourceName) {
        return new RemoteScript(resourceName, read(owner, resourceName));
    }

    /**
     * {@code script} as {@link #load} sends it: the lines {@link #linesBeforeLayout} keeps first, the layout, the rest.
     */
    public static String withLayout(String script) {
        String layout = read(RemoteScript.class, LAYOUT);
        // the layout's own first line names its shell for shellcheck; in front of a script, the script names it
        layout = layout.startsWith("# shellcheck shell=") ? layout.substring(layout.indexOf('\n') + 1) : layout;
        int cut = 0;
        for (int i = linesBeforeLayout(script); i > 0; i--) {
            int end = script.indexOf('\n', cut);
            cut = end < 0 ? script.length() : end + 1;
        }
        String head = script.substring(0, cut);
        return head + (head.isEmpty() || head.endsWith("\n") ? "" : "\n") + layout + script.substring(cut);
    }

    /**
     * How many of {@code script}'s first lines stay in front of the layout: a shebang or {@code # shellcheck shell=}
     * line and the {@code # shellcheck} directive lines right after it, which shellcheck reads as the whole file's.
     */
    public static int linesBeforeLayout(String script) {
        List<String> lines = script.lines().toList();
        if (lines.isEmpty() || !(lines.get(0).startsWith("#!") || lines.get(0).startsWith("# shellcheck shell="))) {
            return 0;
        }
        int kept = 1;
        while (kept < lines.size() && lines.get(kept).startsWith("# shellcheck ")) {
            kept++;
        }
        return kept;
    }

    private static String read(Class<?> owner, String resourceName) {
        try (InputStream in = owner.getResourceAsStream(resourceName)) {
            if (in == null) {
                throw new IllegalStateException("missing script resource " + resourceName + " next to " + owner.getName());
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read script resource " + resourceName, e);
        }
    }
}

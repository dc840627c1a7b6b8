package dev.gjallarhorn;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.BufferedReader;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import dev.gjallarhorn.HarnessError;
import dev.gjallarhorn.host.HostPackages;
import dev.gjallarhorn.remote.RemoteScript;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every shell script of the checkout passes shellcheck at its strictest level (style): the scripts that run on the
 * target (resources under {@code src/main/resources}, each checked as {@link RemoteScript#load} sends it to
 * {@code bash -s}: with Bilrost's layout in front, so the layout's names are known and may not clash; the layout
 * itself is checked alone, as a piece), the twin's provisioning,
 * faults and tools under {@code lima/}, and the build's own ({@code scripts/}, {@code .ci/}). A script is a file
 * named {@code *.sh} or one whose first line is a shebang naming sh, bash or dash; the list is found by walking
 * those trees, never written down. A script without a shebang (a piece put in front of another) names its shell in a
 * {@code # shellcheck shell=} directive on its first line. A warning that is a deliberate choice carries a
 * {@code # shellcheck disable=} directive with its reason, next to the line it is about.
 *
 * <p>Without shellcheck on the PATH this test fails (it does not skip): the build is not checked unless it runs.
 */
class ShellcheckTest {

    /** The trees that hold shell, relative to the checkout (Maven runs tests from there). */
    private static final List<String> ROOTS = List.of("src/main/resources", "lima", "scripts", ".ci");
    private static final Pattern SHELL_SHEBANG = Pattern.compile("^#!\\s*/\\S*/(env\\s+)?(ba|da)?sh\\b.*");
    private static final long WITHIN_SECONDS = 300;
    /** Where the target-side scripts are, which {@link RemoteScript#load} sends with the layout in front. */
    private static final Path TARGET_SIDE = Path.of("src/main/resources");
    private static final Path LAYOUT = Path.of("src/main/resources/dev/gjallarhorn/remote", RemoteScript.LAYOUT);
    /** A finding in {@code --format=gcc}: {@code FILE:LINE:COLUMN: ...}. */
    private static final Pattern GCC_LINE = Pattern.compile("^(.+?):(\\d+):(.*)$");
    /** How many shellcheck processes share the scripts: a few seconds each on one core. */
    private static final int PROCESSES = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));

    /** One shellcheck process over a share of the scripts, writing to its own file. */
    private record Run(List<Path> scripts, Path output, Process process) {
    }

    /** What shellcheck reads for {@code script}: itself, or where it is composed, {@code layoutAt} lines in front. */
    private record Checked(Path script, Path read, int layoutAt, int layoutLines) {
    }

    /** As the twin does for Docker: as root, a host without shellcheck gets it (apt-get, bounded by the dpkg lock wait). */
    @BeforeAll
    static void shellcheckIsInstalled() {
        try {
            HostPackages.ensure(HostPackages.BUILD, HostPackages.lockTimeout());
        } catch (HarnessError e) {
            fail(e.getMessage());
        }
    }

    @Test
    void everyShellScriptPassesShellcheck() throws Exception {
        List<Path> scripts = scripts();
        assertThat(scripts).as("shell scripts under " + ROOTS)
                .anyMatch(p -> p.startsWith("src/main/resources"))
                .anyMatch(p -> p.startsWith("lima"));
        Path composed = Files.createTempDirectory("shellcheck-composed");
        List<Checked> checked = new ArrayList<>();
        for (Path script : scripts) {
            checked.add(asSent(script, composed));
        }
        List<Run> runs = new ArrayList<>();
        try {
            for (List<Path> share : shares(checked.stream().map(Checked::read).toList(), PROCESSES)) {
                runs.add(start(share));
            }
            StringBuilder said = new StringBuilder();
            boolean clean = true;
            for (Run run : runs) {
                if (!run.process().waitFor(WITHIN_SECONDS, TimeUnit.SECONDS)) {
                    fail("shellcheck did not finish within " + WITHIN_SECONDS + " s over " + run.scripts());
                }
                int exit = run.process().exitValue();
                said.append(backToSources(Files.readString(run.output(), StandardCharsets.UTF_8), checked));
                if (exit != 0) {
                    clean = false;
                    said.append("(shellcheck exited ").append(exit).append(": 1 is findings, another that it could not check)\n");
                }
            }
            if (!clean) {
                fail("shellcheck over " + scripts.size() + " scripts found what to fix (or mark with a directive and its reason):\n" + said);
            }
        } finally {
            for (Run run : runs) {
                run.process().destroyForcibly();
                Files.deleteIfExists(run.output());
            }
            try (Stream<Path> files = Files.walk(composed)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }

    /** A target-side script composed with the layout as RemoteScript sends it, under {@code dir}; others as they are. */
    private static Checked asSent(Path script, Path dir) throws IOException {
        if (!script.startsWith(TARGET_SIDE) || script.equals(LAYOUT)) {
            return new Checked(script, script, 0, 0);
        }
        String text = Files.readString(script, StandardCharsets.UTF_8);
        String sent = RemoteScript.withLayout(text);
        Path read = dir.resolve(script.toString());
        Files.createDirectories(read.getParent());
        Files.writeString(read, sent, StandardCharsets.UTF_8);
        int layoutLines = (int) (sent.lines().count() - text.lines().count());
        return new Checked(script, read, RemoteScript.linesBeforeLayout(text), layoutLines);
    }

    /** shellcheck's findings with each composed file's name and line turned back into the source's (or the layout's). */
    private static String backToSources(String said, List<Checked> checked) {
        StringBuilder out = new StringBuilder();
        for (String line : said.split("\n")) {
            java.util.regex.Matcher m = GCC_LINE.matcher(line);
            Checked c = m.matches() ? checked.stream().filter(k -> k.read().toString().equals(m.group(1))).findFirst().orElse(null) : null;
            if (c == null || c.read().equals(c.script())) {
                out.append(line).append('\n');
                continue;
            }
            int n = Integer.parseInt(m.group(2));
            String where = n <= c.layoutAt() ? c.script() + ":" + n
                    : n <= c.layoutAt() + c.layoutLines() ? LAYOUT + ":" + (n - c.layoutAt() + 1) + " (in front of " + c.script() + ")"
                    : c.script() + ":" + (n - c.layoutLines());
            out.append(where).append(':').append(m.group(3)).append('\n');
        }
        return out.toString();
    }

    private static Run start(List<Path> scripts) throws IOException {
        List<String> argv = new ArrayList<>(List.of("shellcheck", "--norc", "--external-sources", "--severity=style", "--format=gcc"));
        scripts.forEach(p -> argv.add(p.toString()));
        Path output = Files.createTempFile("shellcheck", ".txt");
        try {
            return new Run(scripts, output, new ProcessBuilder(argv).redirectErrorStream(true).redirectOutput(output.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null"))).start());
        } catch (IOException e) {
            Files.deleteIfExists(output);
            throw new AssertionError("shellcheck is not installed on this host (" + e.getMessage() + "); the build checks every shell"
                    + " script with it. Install it with: java -jar target/gjallarhorn.jar setup (as root), or: sudo apt-get install -y shellcheck", e);
        }
    }

    /** Every shell script under {@link #ROOTS}, sorted, as paths relative to the checkout. */
    static List<Path> scripts() throws IOException {
        List<Path> scripts = new ArrayList<>();
        for (String root : ROOTS) {
            Path dir = Path.of(root);
            if (!Files.isDirectory(dir)) {
                continue;
            }
            try (Stream<Path> files = Files.walk(dir)) {
                files.filter(Files::isRegularFile).filter(ShellcheckTest::isShell).sorted().forEach(scripts::add);
            }
        }
        return scripts;
    }

    /** The scripts dealt into at most {@code n} lists of about equal total size, largest first, to take about as long. */
    private static List<List<Path>> shares(List<Path> scripts, int n) {
        List<List<Path>> shares = new ArrayList<>();
        long[] sizes = new long[n];
        for (int i = 0; i < n; i++) {
            shares.add(new ArrayList<>());
        }
        List<Path> largestFirst = new ArrayList<>(scripts);
        largestFirst.sort(Comparator.comparingLong(ShellcheckTest::size).reversed());
        for (Path script : largestFirst) {
            int least = 0;
            for (int i = 1; i < n; i++) {
                least = sizes[i] < sizes[least] ? i : least;
            }
            shares.get(least).add(script);
            sizes[least] += size(script);
        }
        shares.removeIf(List::isEmpty);
        return shares;
    }

    private static boolean isShell(Path file) {
        if (file.getFileName().toString().endsWith(".sh")) {
            return true;
        }
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.ISO_8859_1)) {
            String first = in.readLine();
            return first != null && SHELL_SHEBANG.matcher(first).matches();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static long size(Path file) {
        try {
            return Files.size(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}

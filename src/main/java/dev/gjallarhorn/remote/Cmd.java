package dev.gjallarhorn.remote;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * A command for the target as an argument vector, optionally with bytes for its standard input.
 *
 * <p>SSH hands the remote side a single string that a shell parses, so {@link #render()} is the one
 * place where arguments are quoted. Nothing else in the harness builds a command line by concatenation.
 */
public final class Cmd {

    private final List<String> argv;
    private final byte[] stdin;
    private final String scriptName;

    private Cmd(List<String> argv, byte[] stdin) {
        this(argv, stdin, null);
    }

    private Cmd(List<String> argv, byte[] stdin, String scriptName) {
        if (argv.isEmpty()) {
            throw new IllegalArgumentException("a command needs a program");
        }
        this.argv = List.copyOf(argv);
        this.stdin = stdin;
        this.scriptName = scriptName;
    }

    public static Cmd of(String program, String... args) {
        List<String> all = new ArrayList<>();
        all.add(Objects.requireNonNull(program, "program"));
        for (String arg : args) {
            all.add(Objects.requireNonNull(arg, "argument"));
        }
        return new Cmd(all, null);
    }

    public static Cmd of(List<String> argv) {
        return new Cmd(argv, null);
    }

    /** Runs {@code script} with bash, reading it from standard input, with {@code args} as $1, $2, … */
    public static Cmd script(RemoteScript script, String... args) {
        List<String> all = new ArrayList<>(List.of("bash", "-s", "--"));
        all.addAll(List.of(args));
        return new Cmd(all, script.text().getBytes(StandardCharsets.UTF_8), script.name());
    }

    /** The same command run through {@code sudo -n}, which fails at once instead of asking for a password. */
    public Cmd asRoot() {
        return prefixed(List.of("sudo", "-n", "--"));
    }

    /** The same command run as another local user through {@code sudo -n -u USER}. */
    public Cmd asUser(String user) {
        return prefixed(List.of("sudo", "-n", "-u", user, "--"));
    }

    /** The same command run by another program, e.g. {@code docker run -i IMAGE} in front of it; stdin is kept. */
    public Cmd inside(List<String> program) {
        return prefixed(program);
    }

    public Cmd withStdin(String text) {
        return new Cmd(argv, text.getBytes(StandardCharsets.UTF_8), scriptName);
    }

    private Cmd prefixed(List<String> prefix) {
        List<String> all = new ArrayList<>(prefix);
        all.addAll(argv);
        return new Cmd(all, stdin, scriptName);
    }

    /** The resource name of the script this command feeds to bash on stdin ({@link #script}), if it is one. */
    public java.util.Optional<String> scriptName() {
        return java.util.Optional.ofNullable(scriptName);
    }

    public List<String> argv() {
        return argv;
    }

    public boolean hasStdin() {
        return stdin != null;
    }

    public byte[] stdin() {
        return stdin == null ? new byte[0] : stdin.clone();
    }

    /** Each argument single-quoted for a POSIX shell; a quote inside an argument becomes {@code '\''}. */
    public String render() {
        return argv.stream().map(Cmd::quote).collect(Collectors.joining(" "));
    }

    static String quote(String arg) {
        return "'" + arg.replace("'", "'\\''") + "'";
    }

    /** For reports: the argv without the body of a script sent on standard input. */
    @Override
    public String toString() {
        return String.join(" ", argv) + (stdin == null ? "" : scriptName == null ? " <<script>>" : " <<" + scriptName + ">>");
    }
}

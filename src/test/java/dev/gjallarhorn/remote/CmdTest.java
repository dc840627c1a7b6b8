package dev.gjallarhorn.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class CmdTest {

    @Test
    void rendersEveryArgumentSingleQuoted() {
        assertThat(Cmd.of("ls", "-la", "/tmp").render()).isEqualTo("'ls' '-la' '/tmp'");
    }

    @Test
    void hostileArgumentsReachTheProgramUnchanged() throws Exception {
        List<String> hostile = List.of("'; touch pwned #", "$(id)", "`id`", "a b\tc", "x'y\"z", "\\n", "");
        Cmd cmd = Cmd.of("printf", "[%s]\\n").withStdin("");
        Cmd withArgs = Cmd.of(concat(cmd.argv(), hostile));
        Process sh = new ProcessBuilder("sh", "-c", withArgs.render()).redirectErrorStream(true).start();
        String out = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(sh.waitFor()).as("sh exit").isZero();
        assertThat(out.split("\n", -1)).as("one line per argument, verbatim")
                .startsWith(hostile.stream().map(h -> "[" + h + "]").toArray(String[]::new));
    }

    @Test
    void sudoPrefixesNeverPrompt() {
        assertThat(Cmd.of("id").asRoot().argv()).containsExactly("sudo", "-n", "--", "id");
        assertThat(Cmd.of("id").asUser("nobody").argv()).containsExactly("sudo", "-n", "-u", "nobody", "--", "id");
    }

    @Test
    void aScriptTravelsOnStandardInputNotInTheCommandLine() {
        Cmd cmd = Cmd.script(new RemoteScript("x.sh", "echo secret-body\n"), "arg");
        assertThat(cmd.render()).isEqualTo("'bash' '-s' '--' 'arg'").doesNotContain("secret-body");
        assertThat(new String(cmd.stdin(), StandardCharsets.UTF_8)).isEqualTo("echo secret-body\n");
        assertThat(cmd.asRoot().stdin()).as("stdin survives a sudo prefix").isEqualTo(cmd.stdin());
    }

    @Test
    void anEmptyCommandIsRefused() {
        assertThatThrownBy(() -> Cmd.of(List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    private static List<String> concat(List<String> a, List<String> b) {
        return java.util.stream.Stream.concat(a.stream(), b.stream()).toList();
    }
}

package dev.gjallarhorn.probe;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** A path with a space stays one word of a probe's output line: the line's other fields keep their places. */
class ScriptOutputTest {

    @Test
    void anEscapedPathIsOneWordAndIsDecoded() {
        CommandResult result = new CommandResult(Cmd.of("true"), OptionalInt.of(0),
                "WRITE /Users/alice/My\\040Vault lima direct 0 visible ok\nHOME /a\\134b\\011c .ssh 3\n", "", Duration.ZERO, false);
        ScriptOutput out = ScriptOutput.of(result);
        ScriptOutput.Line write = out.all("WRITE").get(0);
        assertThat(write.word(0)).isEqualTo("/Users/alice/My Vault");
        assertThat(write.word(3)).isEqualTo("0");
        assertThat(write.word(4)).isEqualTo("visible");
        assertThat(out.all("HOME").get(0).word(0)).isEqualTo("/a\\b\tc");
    }
}

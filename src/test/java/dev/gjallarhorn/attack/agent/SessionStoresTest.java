package dev.gjallarhorn.attack.agent;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class SessionStoresTest {

    @Test
    void aSearchThatRanOutOfTimeIsATimeoutAndOneThatFailedIsNotAPass() {
        SessionStores.Search timedOut = SessionStores.unfinished(
                new CommandResult(Cmd.of("session-stores.sh"), OptionalInt.empty(), "STORE x\n", "", Duration.ofMinutes(2), true));
        assertThat(timedOut.observations()).singleElement().satisfies(o -> {
            assertThat(o.outcome()).isEqualTo(Outcome.COULD_NOT_RUN);
            assertThat(o.reason()).contains(Reason.TIMEOUT);
        });
        SessionStores.Search failed = SessionStores.unfinished(
                new CommandResult(Cmd.of("session-stores.sh"), OptionalInt.of(1), "", "sudo: a password is required", Duration.ofMillis(5), false));
        assertThat(failed.observations()).singleElement().satisfies(o -> {
            assertThat(o.outcome()).isEqualTo(Outcome.COULD_NOT_RUN);
            assertThat(o.reason()).contains(Reason.PRECONDITION_UNMET);
        });
    }
}

package dev.gjallarhorn.attack.egress;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.canary.CanaryPort;
import dev.gjallarhorn.canary.Protocol;
import dev.gjallarhorn.probe.Identity;
import dev.gjallarhorn.probe.Reason;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** A pass that ran into its bound is tried once more for what it printed nothing for; the second try's results replace only those. */
class EgressPassRetryTest {

    private static final EgressPort HTTP = new EgressPort(new CanaryPort(Protocol.TCP, 80), "http", false);
    private static final EgressPort NTP = new EgressPort(new CanaryPort(Protocol.UDP, 123), "ntp", false);
    private static final EgressPort HTTPS = new EgressPort(new CanaryPort(Protocol.TCP, 443), "https", true);

    @Test
    void whatTheSecondTryPrintedReplacesTheTimedOutAttempts() {
        EgressProbe.Pass first = pass(ran(HTTPS, 0), timedOut(HTTP), timedOut(NTP));
        EgressProbe.Pass second = pass(ran(HTTP, 0), timedOut(NTP));
        EgressProbe.Pass merged = EgressProbe.merged(first, second);
        assertThat(merged.attempts()).extracting(EgressAttempt::port).containsExactly(HTTPS, HTTP, NTP);
        assertThat(merged.attempts().get(1).exit()).hasValue(0);
        assertThat(merged.attempts().get(1).notRun()).isEmpty();
        assertThat(merged.attempts().get(2).notRun()).as("still timed out: stays undecided, never refused").contains(Reason.TIMEOUT);
        assertThat(merged.attempts().get(0)).isSameAs(first.attempts().get(0));
    }

    @Test
    void aSecondTryThatCouldNotRunEitherLeavesThePassAsItWas() {
        EgressProbe.Pass first = pass(timedOut(HTTP));
        EgressProbe.Pass merged = EgressProbe.merged(first, pass(timedOut(HTTP)));
        assertThat(merged.attempts()).containsExactlyElementsOf(first.attempts());
    }

    private static EgressProbe.Pass pass(EgressAttempt... attempts) {
        return new EgressProbe.Pass(Identity.UNPRIVILEGED, "nobody", Optional.empty(), List.of(attempts));
    }

    private static EgressAttempt ran(EgressPort port, int exit) {
        return new EgressAttempt(port, Identity.UNPRIVILEGED, "nobody", "tok", OptionalInt.of(exit), OptionalLong.of(12), "", Optional.empty(), "");
    }

    private static EgressAttempt timedOut(EgressPort port) {
        return EgressAttempt.notRun(port, Identity.UNPRIVILEGED, "nobody", "tok", Reason.TIMEOUT, "the probe command timed out");
    }
}

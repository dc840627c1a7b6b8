package dev.gjallarhorn.attack.pairing;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.probe.ScriptOutput;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import java.time.Duration;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The control-API round judged from the script's lines as OpenClaw 2026.9.6 on the twin answered them. */
class ControlPlaneRoundTest {

    static ScriptOutput printed(String stdout) {
        return ScriptOutput.of(new CommandResult(Cmd.of("agent-channel.sh"), OptionalInt.of(0), stdout, "", Duration.ofMillis(5), false));
    }

    static final String CONTROL = "CP control root 127.0.0.1:18789 200 marker\n";
    static final String SLOWED = "CP-BURST 127.0.0.1:18789 5 401:5 ms:368,518,1007,2007,4007\n";

    @Test
    void aGatewayThatAnswers401ToEveryOtherIdentityWhileItsCredentialReadsTheConversationRefusesThem() {
        ControlPlaneRound.Result r = ControlPlaneRound.judge(printed(CONTROL
                + "CP none nobody 127.0.0.1:18789 401 no-marker\nCP wrong nobody 127.0.0.1:18789 401 no-marker\n" + SLOWED + "CP-END\n"));
        assertThat(r.controls()).extracting(o -> o.outcome()).containsExactly(Outcome.SUCCEEDED);
        assertThat(r.attempts()).extracting(o -> o.outcome()).containsExactly(Outcome.BLOCKED, Outcome.BLOCKED);
        assertThat(r.burst().outcome()).as("each failure answered later than the last").isEqualTo(Outcome.BLOCKED);
        assertThat(r.burst().detail()).contains("slowed down").contains("4007 ms");
    }

    @Test
    void aGatewayWithoutAuthLetsEveryoneReadTheConversation() {
        ControlPlaneRound.Result r = ControlPlaneRound.judge(printed(CONTROL
                + "CP none nobody 127.0.0.1:18789 200 marker\nCP wrong nobody 127.0.0.1:18789 200 marker\n"
                + "CP-BURST 127.0.0.1:18789 50 200:50 ms:" + "12,".repeat(49) + "12\nCP-END\n"));
        assertThat(r.attempts()).extracting(o -> o.outcome()).containsExactly(Outcome.SUCCEEDED, Outcome.SUCCEEDED);
        assertThat(r.attempts().get(0).detail()).contains("marker came back");
        assertThat(r.burst().outcome()).as("nothing checks a credential, so nothing slows a guesser").isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void a401IsNoRefusalWhenTheGatewaysOwnCredentialSawNothingEither() {
        ControlPlaneRound.Result r = ControlPlaneRound.judge(printed("CP control root 127.0.0.1:18789 200 no-marker\n"
                + "CP none nobody 127.0.0.1:18789 401 no-marker\n" + SLOWED + "CP-END\n"));
        assertThat(r.controls().get(0).reason()).contains(Reason.ORACLE_BLIND);
        assertThat(r.attempts().get(0).reason()).contains(Reason.ORACLE_BLIND);
    }

    @Test
    void theSessionReadIsTheOneTheGatewaysOwnListingLedToAndNoneFoundLeavesItBlind() {
        ControlPlaneRound.Result found = ControlPlaneRound.judge(printed("CP-SESSION 127.0.0.1:18789 agent:main:telegram:direct:555000111 200 3\n"
                + CONTROL + "CP none nobody 127.0.0.1:18789 401 no-marker\n" + SLOWED + "CP-END\n"));
        assertThat(found.controls().get(0).detail()).contains("session agent:main:telegram:direct:555000111, named by the gateway itself");
        assertThat(found.attempts()).extracting(o -> o.outcome()).containsExactly(Outcome.BLOCKED);
        ControlPlaneRound.Result none = ControlPlaneRound.judge(printed("CP-SESSION 127.0.0.1:18789 none 403 0\n"
                + "CP control root 127.0.0.1:18789 200 no-marker\nCP none nobody 127.0.0.1:18789 401 no-marker\n" + SLOWED + "CP-END\n"));
        assertThat(none.controls().get(0).reason()).contains(Reason.ORACLE_BLIND);
        assertThat(none.controls().get(0).detail()).contains("none of the 0 session(s) its session_status and sessions_list named (HTTP 403) holds the marker");
        assertThat(none.attempts().get(0).reason()).as("a 401 beside a blind control is no refusal").contains(Reason.ORACLE_BLIND);
    }

    @Test
    void aFailedRequestOrNoListenerIsNeverARefusal() {
        ControlPlaneRound.Result failed = ControlPlaneRound.judge(printed(CONTROL + "CP none nobody 127.0.0.1:18789 error ECONNREFUSED\n" + SLOWED));
        assertThat(failed.attempts().get(0).reason()).contains(Reason.PROBE_ERROR);
        ControlPlaneRound.Result none = ControlPlaneRound.judge(printed("CP-NONE the gateway is not running\nCP-END\n"));
        assertThat(none.attempts().get(0).reason()).contains(Reason.PRECONDITION_UNMET);
        assertThat(none.attempts().get(0).detail()).contains("not running");
    }

    @Test
    void aListenerThatServesNoControlApiIsLeftOutAndABlindOneDecidesNothing() {
        ControlPlaneRound.Result r = ControlPlaneRound.judge(printed("CP control root 127.0.0.1:18787 404 no-marker\n"
                + "CP none nobody 127.0.0.1:18787 404 no-marker\nCP-BURST 127.0.0.1:18787 50 404:50 ms:9\n"
                + CONTROL + "CP none nobody 127.0.0.1:18789 401 no-marker\n" + SLOWED
                + "CP control root [::1]:18789 401 no-marker\nCP none nobody [::1]:18789 200 no-marker\nCP-END\n"));
        assertThat(r.controls()).hasSize(3);
        assertThat(r.attempts()).extracting(o -> o.subject()).noneMatch(s -> s.contains("18787"));
        assertThat(r.attempts()).extracting(o -> o.outcome()).containsExactly(Outcome.BLOCKED, Outcome.COULD_NOT_RUN);
        assertThat(r.attempts().get(1).reason()).as("a 200 without the marker where the control saw nothing proves nothing")
                .contains(Reason.ORACLE_BLIND);
        assertThat(r.burst().outcome()).as("judged on a listener whose control saw").isEqualTo(Outcome.BLOCKED);
    }

    @Test
    void aProbeCutOffBeforeItsEndLeavesTheRestUndecided() {
        ControlPlaneRound.Result r = ControlPlaneRound.judge(printed(CONTROL + "CP none lima 127.0.0.1:18789 401 no-marker\n"));
        assertThat(r.attempts()).extracting(o -> o.outcome()).containsExactly(Outcome.BLOCKED, Outcome.COULD_NOT_RUN);
        assertThat(r.attempts().get(1).reason()).contains(Reason.TIMEOUT);
        assertThat(r.burst().reason()).contains(Reason.PROBE_ERROR);
    }

    @Test
    void fiftyWrongCredentialsAnsweredAtFullSpeedAreUnthrottled() {
        ControlPlaneRound.Result r = ControlPlaneRound.judge(printed(CONTROL + "CP none nobody 127.0.0.1:18789 401 no-marker\n"
                + "CP-BURST 127.0.0.1:18789 50 401:50 ms:" + "9,".repeat(49) + "9\nCP-END\n"));
        assertThat(r.burst().outcome()).isEqualTo(Outcome.SUCCEEDED);
        ControlPlaneRound.Result limited = ControlPlaneRound.judge(printed(CONTROL + "CP none nobody 127.0.0.1:18789 401 no-marker\n"
                + "CP-BURST 127.0.0.1:18789 11 401:10,429:1 ms:" + "9,".repeat(10) + "9\n"));
        assertThat(limited.burst().outcome()).isEqualTo(Outcome.BLOCKED);
    }
}

package dev.gjallarhorn.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RunOwnerTest {

    @Test
    void thisProcessIsARunStillGoingHere() {
        RunOwner me = RunOwner.parse(RunOwner.current().tag());
        assertThat(me).isEqualTo(RunOwner.current());
        assertThat(me.runningHere()).isTrue();
    }

    @Test
    void aFinishedProcessOrAnotherHostIsNot() throws Exception {
        Process done = new ProcessBuilder("true").start();
        done.waitFor();
        RunOwner dead = new RunOwner(RunOwner.current().host(), done.pid());
        assertThat(dead.fromHere()).isTrue();
        assertThat(dead.runningHere()).isFalse();
        RunOwner elsewhere = new RunOwner("some-other-host", ProcessHandle.current().pid());
        assertThat(elsewhere.fromHere()).isFalse();
        assertThat(elsewhere.runningHere()).isFalse();
    }

    @Test
    void whatCannotBeReadIsUnknown() {
        assertThat(RunOwner.parse("unknown")).isEqualTo(RunOwner.UNKNOWN);
        assertThat(RunOwner.parse("host:notapid")).isEqualTo(RunOwner.UNKNOWN);
        assertThat(RunOwner.parse("my-laptop:4242")).isEqualTo(new RunOwner("my-laptop", 4242));
    }
}

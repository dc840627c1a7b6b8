package dev.gjallarhorn.twin;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class TwinRecordTest {

    static TwinRecord record(String owner, long pid) {
        return new TwinRecord("gjallarhorn-twin-abc123", "c0ffee", "image", "as-claimed", owner, pid, "net", "netid", "br", "gw",
                "subnet", "lima", "127.0.0.1", 2222, "id_rsa", "SHA256:x", "2026-11-26T00:00:00Z");
    }

    @Test
    void aTwinIsInUseOnlyWhileTheRunThatStartedItIsAlive() {
        assertThat(record("run", ProcessHandle.current().pid()).inUseByLiveRun()).isTrue();
        assertThat(record("run", Long.MAX_VALUE).inUseByLiveRun()).as("its run is gone").isFalse();
        assertThat(record("user", ProcessHandle.current().pid()).inUseByLiveRun()).as("started by twin up").isFalse();
    }
}

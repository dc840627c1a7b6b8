package dev.gjallarhorn.twin;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;

/**
 * A run killed while its twin was starting leaves a directory without a record (and its share images mounted under
 * it): the reaper removes it once the process that started it is gone, and never a twin another live process is
 * starting, nor a directory it cannot tell the owner of.
 */
@ResourceLock("gjallarhorn.state")
class HalfStartedTwinsTest {

    @TempDir
    Path state;
    private String before;

    @BeforeEach
    void pointTheStateHere() {
        before = System.getProperty("gjallarhorn.state");
        System.setProperty("gjallarhorn.state", state.toString());
    }

    @AfterEach
    void putItBack() {
        if (before == null) {
            System.clearProperty("gjallarhorn.state");
        } else {
            System.setProperty("gjallarhorn.state", before);
        }
    }

    private Path twin(String name, String ownerPid) throws IOException {
        Path dir = Files.createDirectories(TwinRecord.twinsDir().resolve(name).resolve("shares"));
        if (ownerPid != null) {
            Files.writeString(dir.getParent().resolve(Twin.OWNER_FILE), ownerPid);
        }
        return dir.getParent();
    }

    @Test
    void onlyADirectoryWhoseStarterIsGoneIsRemoved() throws Exception {
        Process gone = new ProcessBuilder("true").start();
        gone.waitFor();
        Path dead = twin("gjallarhorn-twin-dead01", Long.toString(gone.pid()));
        Path starting = twin("gjallarhorn-twin-live01", Long.toString(ProcessHandle.current().pid()));
        Path unknown = twin("gjallarhorn-twin-old001", null);
        TwinReaper.reapUnrecordedDirs(List.of());
        assertThat(dead).doesNotExist();
        assertThat(starting).as("a twin this live process is starting").isDirectory();
        assertThat(unknown).as("no owner file: not ours to judge").isDirectory();
    }
}

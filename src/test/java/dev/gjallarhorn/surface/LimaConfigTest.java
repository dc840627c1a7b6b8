package dev.gjallarhorn.surface;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LimaConfigTest {

    @Test
    void combinesOverrideInstanceAndDefaultAsLimaDoes(@TempDir Path lima) throws Exception {
        Files.createDirectories(lima.resolve("_config"));
        Files.createDirectories(lima.resolve("openclaw-sandbox"));
        Files.writeString(lima.resolve("_config/override.yaml"), "mounts:\n- location: \"~\"\n  writable: true\n");
        Files.writeString(lima.resolve("openclaw-sandbox/lima.yaml"), """
                vmType: vz
                mounts:
                - location: /Users/operator/src/openclaw
                  mountPoint: /mnt/openclaw
                  writable: false
                - location: "~"
                  writable: false
                portForwards:
                - guestPort: 18789
                  hostPort: 18789
                """);
        Files.writeString(lima.resolve("_config/default.yaml"), "mounts:\n- location: /tmp/lima\n  writable: true\n");
        LimaConfig config = LimaConfig.read(lima, "openclaw-sandbox", Path.of("/Users/operator"));
        assertThat(config.filesRead()).hasSize(3);
        assertThat(config.mounts()).extracting(LimaConfig.DeclaredMount::mountPoint)
                .containsExactly("/Users/operator", "/mnt/openclaw", "/tmp/lima");
        assertThat(config.mounts().get(0).writable()).as("override.yaml's ~ wins over the instance's").isTrue();
        assertThat(config.mounts().get(0).file()).isEqualTo("override.yaml");
        assertThat(config.portForwards()).anyMatch(f -> f.contains("guestPort:18789")).anyMatch(f -> f.contains("fallback"));
    }

    @Test
    void noFilesNoDeclarations(@TempDir Path lima) {
        LimaConfig config = LimaConfig.read(lima, "x", Path.of("/home/u"));
        assertThat(config.filesRead()).isEmpty();
        assertThat(config.mounts()).isEmpty();
        assertThat(config.portForwards()).isEmpty();
    }
}

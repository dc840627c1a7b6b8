package dev.gjallarhorn.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SshConfigFileTest {

    @Test
    void readsTheBlockLimaWrites(@TempDir Path dir) throws Exception {
        Path key = Files.writeString(dir.resolve("user"), "key");
        Path config = Files.writeString(dir.resolve("ssh.config"), """
                # This SSH config file can be passed to 'ssh -F'.
                Host lima-openclaw-sandbox
                  IdentityFile "%s"
                  StrictHostKeyChecking no
                  UserKnownHostsFile /dev/null
                  NoHostAuthenticationForLocalhost yes
                  Hostname 127.0.0.1
                  Port 60022
                  User alice
                """.formatted(key));
        SshConfigFile parsed = SshConfigFile.read(config, Optional.of("lima-openclaw-sandbox"));
        assertThat(parsed.hostName()).isEqualTo("127.0.0.1");
        assertThat(parsed.port()).isEqualTo(60022);
        assertThat(parsed.user()).isEqualTo("alice");
        assertThat(parsed.readableIdentity()).contains(key);
    }

    @Test
    void takesTheNamedBlockOnly(@TempDir Path dir) throws Exception {
        Path config = Files.writeString(dir.resolve("ssh.config"), """
                Host other
                  Hostname buildbox.example
                  User bob
                Host lima-a
                  Hostname 127.0.0.1
                  Port 2200
                  User carol
                """);
        SshConfigFile parsed = SshConfigFile.read(config, Optional.of("lima-a"));
        assertThat(parsed.user()).isEqualTo("carol");
        assertThat(parsed.port()).isEqualTo(2200);
        assertThatThrownBy(() -> SshConfigFile.read(config, Optional.of("lima-missing"))).isInstanceOf(BadTargetSpec.class)
                .hasMessageContaining("no 'Host lima-missing' block");
    }
}

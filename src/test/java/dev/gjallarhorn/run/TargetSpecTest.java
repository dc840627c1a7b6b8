package dev.gjallarhorn.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gjallarhorn.remote.BadTargetSpec;
import dev.gjallarhorn.remote.SshEndpoint;
import dev.gjallarhorn.twin.Profile;
import dev.gjallarhorn.twin.TwinSpec;
import java.util.List;
import org.junit.jupiter.api.Test;

class TargetSpecTest {

    @Test
    void twinAloneIsTheAsProvisionedTwin() {
        assertThat(TargetSpec.parse("twin")).isEqualTo(new TargetSpec.Twin(new TwinSpec(Profile.AS_PROVISIONED, List.of())));
        assertThat(TargetSpec.parse("")).isEqualTo(TargetSpec.parse("twin"));
    }

    @Test
    void twinTakesAProfileAndFaults() {
        assertThat(TargetSpec.parse("twin:as-claimed+iptables-allow-out-25,ufw-allow-out-8080"))
                .isEqualTo(new TargetSpec.Twin(new TwinSpec(Profile.AS_CLAIMED, List.of("iptables-allow-out-25", "ufw-allow-out-8080"))));
    }

    @Test
    void sshNeedsUserHostAndPort() {
        assertThat(TargetSpec.parse("ssh://lima@127.0.0.1:2222")).isEqualTo(new TargetSpec.Ssh(new SshEndpoint("lima", "127.0.0.1", 2222)));
        assertThat(TargetSpec.parse("ssh://lima@sandbox")).isEqualTo(new TargetSpec.Ssh(new SshEndpoint("lima", "sandbox", 22)));
        assertThatThrownBy(() -> TargetSpec.parse("ssh://sandbox:22")).isInstanceOf(BadTargetSpec.class).hasMessageContaining("user");
    }

    @Test
    void limaNeedsAName() {
        assertThat(TargetSpec.parse("lima:openclaw-sandbox")).isEqualTo(new TargetSpec.Lima("openclaw-sandbox"));
        assertThatThrownBy(() -> TargetSpec.parse("lima:")).isInstanceOf(BadTargetSpec.class);
    }

    @Test
    void unknownFormsAndProfilesAreOneClearError() {
        assertThatThrownBy(() -> TargetSpec.parse("vm:foo")).isInstanceOf(BadTargetSpec.class)
                .hasMessageContaining("twin, twin:PROFILE[+FAULT,...], ssh://user@host:port or lima:NAME");
        assertThatThrownBy(() -> TargetSpec.parse("twin:hardened")).isInstanceOf(BadTargetSpec.class)
                .hasMessageContaining("as-provisioned, as-claimed");
        assertThatThrownBy(() -> TargetSpec.parse("twin:as-claimed+Bad Fault")).isInstanceOf(BadTargetSpec.class);
        assertThatThrownBy(() -> TargetSpec.parse("twin:as-claimed+a,a")).isInstanceOf(BadTargetSpec.class).hasMessageContaining("twice");
    }
}

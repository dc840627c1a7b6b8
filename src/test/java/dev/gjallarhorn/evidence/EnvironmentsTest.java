package dev.gjallarhorn.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class EnvironmentsTest {

    @Test
    void readsTheAssignmentsOfAnEnvListingAndOfProcEnviron() {
        assertThat(Environments.assignments("HOME=/root\nGH_TOKEN=ghp_x\ncontinued line\n")).containsExactly("HOME=/root", "GH_TOKEN=ghp_x");
        assertThat(Environments.assignments("A=1\u0000OPENCLAW_GATEWAY_TOKEN=tok en\u0000")).containsExactly("A=1", "OPENCLAW_GATEWAY_TOKEN=tok en");
    }

    @Test
    void readsConfigEnvOfDockerInspectAndNothingOfAFailedOne() {
        String inspect = "[{\"Id\":\"abc\",\"Config\":{\"Env\":[\"PATH=/usr/bin\",\"OPENCLAW_SANDBOX_TOKEN=sbx-Lq29WmXc81PzRt40\"]}}]";
        assertThat(Environments.dockerConfigEnv(inspect)).containsExactly("PATH=/usr/bin", "OPENCLAW_SANDBOX_TOKEN=sbx-Lq29WmXc81PzRt40");
        assertThat(Environments.dockerConfigEnv("Error: No such object: gjh-x")).isEmpty();
        assertThat(Environments.dockerConfigEnv("")).isEmpty();
        Redactor redactor = new Redactor();
        assertThat(redactor.learnEnvironment(Environments.dockerConfigEnv(inspect))).isEqualTo(1);
        assertThat(redactor.scrub(inspect)).doesNotContain("sbx-Lq29").contains("PATH=/usr/bin");
    }

    @Test
    void readsASecretsFileAsSystemdAndAShellWould() {
        assertThat(Environments.secretsFile("# Source: x\nexport A=\"quoted value\"\nB='one'\n\nC=\nnot a line\n"))
                .containsExactly(java.util.Map.entry("A", "quoted value"), java.util.Map.entry("B", "one"), java.util.Map.entry("C", ""));
    }
}

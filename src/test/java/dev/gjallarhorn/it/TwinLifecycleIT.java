package dev.gjallarhorn.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.run.RunSettings;
import dev.gjallarhorn.attack.egress.FirewallEgressScenario;
import dev.gjallarhorn.twin.AirGap;
import dev.gjallarhorn.twin.DockerEngine;
import dev.gjallarhorn.twin.TwinRecord;
import dev.gjallarhorn.verdict.Verdict;
import dev.gjallarhorn.verdict.VerdictKind;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import org.assertj.core.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testcontainers.DockerClientFactory;

/**
 * A twin by hand, as the README tells it: {@code twin up} leaves one running and prints how to reach it,
 * an {@code ssh:} attack on it works with what was printed, {@code twin down} leaves nothing behind.
 */
class TwinLifecycleIT {

    @Test
    void upAttackAsSshTargetDown(@TempDir Path reports) throws Exception {
        Cli.Result up = Cli.run("twin", "up", "as-claimed");
        assertThat(up.exit()).as(up.err()).isZero();
        Map<String, String> printed = fields(up.out());
        String name = printed.get("twin").split(" ")[0];
        String containerId = printed.get("container");
        DockerEngine.ensureAvailable();
        DockerClient docker = DockerClientFactory.instance().client();
        try {
            assertThat(docker.inspectContainerCmd(containerId).exec().getState().getRunning())
                    .as("the twin outlives the command that started it").isTrue();
            TwinRecord record = TwinRecord.all().stream().filter(r -> r.name().equals(name)).findFirst().orElseThrow();

            Properties p = new Properties();
            p.setProperty("gjallarhorn.home", System.getProperty("gjallarhorn.home"));
            p.setProperty("gjallarhorn.target", printed.get("target"));
            p.setProperty("gjallarhorn.ssh.identity", printed.get("identity"));
            p.setProperty("gjallarhorn.ssh.hostKeyFingerprint", printed.get("host key"));
            p.setProperty("gjallarhorn.canary.address", printed.get("canaries at").split(" ")[0]);
            p.setProperty("gjallarhorn.reports", reports.toString());
            // this test is about the twin's lifecycle; beside the other twins starting, one sender can take more than 8 s to start
            p.setProperty("gjallarhorn.timeout.probe", "20s");
            try (AttackRun run = AttackRun.open(RunSettings.from(p))) {
                assertThat(run.failure()).isEmpty();
                assertThat(run.session().kind()).isEqualTo("ssh");
                Verdict verdict = run.record(new FirewallEgressScenario().evaluate(run));
                assertThat(verdict.kind()).as(verdict.why()).isEqualTo(VerdictKind.HOLDS);
            }
            assertThat(docker.inspectContainerCmd(containerId).exec().getState().getRunning())
                    .as("an ssh: run does not stop a twin it did not start").isTrue();

            Cli.Result down = Cli.run("twin", "down", name);
            assertThat(down.exit()).as(down.err()).isZero();
            Assertions.assertThatThrownBy(() -> docker.inspectContainerCmd(containerId).exec()).isInstanceOf(NotFoundException.class);
            Assertions.assertThatThrownBy(() -> docker.inspectNetworkCmd().withNetworkId(record.networkId()).exec())
                    .isInstanceOf(NotFoundException.class);
            assertThat(AirGap.present(record.bridge())).isFalse();
            assertThat(Files.exists(record.dir())).as("keys and shares are gone").isFalse();
        } finally {
            Cli.run("twin", "down", name);
        }
    }

    /** The "label: value" lines that {@code twin up} prints. */
    static Map<String, String> fields(String out) {
        Map<String, String> fields = new LinkedHashMap<>();
        java.util.regex.Pattern field = java.util.regex.Pattern.compile("^([a-z][a-z ]*):\\s+(\\S.*)$");
        for (String line : out.split("\n")) {
            java.util.regex.Matcher m = field.matcher(line);
            if (m.matches()) {
                fields.put(m.group(1), m.group(2).trim());
            }
        }
        return fields;
    }
}

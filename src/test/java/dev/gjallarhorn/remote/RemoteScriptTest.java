package dev.gjallarhorn.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class RemoteScriptTest {

    @Test
    void theLayoutGoesAfterTheShebangAndItsDirectives() {
        String sent = RemoteScript.withLayout("#!/usr/bin/env bash\n# shellcheck disable=SC2317 # why\necho hi\n");
        assertThat(sent).startsWith("#!/usr/bin/env bash\n# shellcheck disable=SC2317 # why\n").endsWith("\necho hi\n")
                .contains("readonly BILROST_WORKSPACE=/workspace\n").doesNotContain("shellcheck shell=sh");
        assertThat(RemoteScript.withLayout("echo hi\n")).startsWith("# Bilrost's layout").endsWith("\necho hi\n");
    }

    @Test
    void aLoadedScriptCarriesTheLayoutAndOneWrittenForThisHostDoesNot() {
        assertThat(RemoteScript.load(RemoteScript.class, RemoteScript.LAYOUT).text()).contains("BILROST_GATEWAY_UNIT=");
        assertThat(RemoteScript.loadAsWritten(RemoteScript.class, RemoteScript.LAYOUT).text()).startsWith("# shellcheck shell=sh");
    }

    @Test
    void theLayoutRunsUnderSetEuInPosixShAndBash() throws Exception {
        for (String shell : List.of("sh", "bash")) {
            String script = "set -eu\n" + RemoteScript.withLayout("printf '%s|%s|%s\\n' \"$BILROST_WORKSPACE\" \"$BILROST_SECRETS_FILE\""
                    + " \"$BILROST_GATEWAY_UNIT\"\n");
            Process p = new ProcessBuilder(shell, "-s").redirectErrorStream(true).start();
            p.getOutputStream().write(script.getBytes(StandardCharsets.UTF_8));
            p.getOutputStream().close();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(p.waitFor(20, TimeUnit.SECONDS)).isTrue();
            assertThat(out).as(shell).isEqualTo("/workspace|/etc/openclaw/secrets.env|openclaw-gateway.service\n");
        }
    }
}

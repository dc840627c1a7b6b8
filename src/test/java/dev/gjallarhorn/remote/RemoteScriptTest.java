package dev.gjallarhorn.remote;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
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

    /** A misspelt layout name would expand to nothing, unnoticed by shellcheck (all capitals): every name a script uses is defined. */
    @Test
    void everyLayoutNameAScriptUsesIsDefined() throws Exception {
        String layout = RemoteScript.loadAsWritten(RemoteScript.class, RemoteScript.LAYOUT).text();
        Set<String> defined = names(Pattern.compile("\\b(BILROST_\\w+)=|\\b(bilrost_\\w+)\\s*\\(\\)"), layout);
        Pattern used = Pattern.compile("\\$\\{?(BILROST_\\w+)|\\b(bilrost_\\w+)\\b");
        Set<String> undefined = new TreeSet<>();
        int scripts = 0;
        try (Stream<Path> files = Files.walk(Path.of("src/main/resources"))) {
            for (Path file : files.filter(f -> f.toString().endsWith(".sh")).toList()) {
                scripts++;
                for (String name : names(used, Files.readString(file))) {
                    if (!defined.contains(name)) {
                        undefined.add(file + ": " + name);
                    }
                }
            }
        }
        assertThat(defined).contains("BILROST_WORKSPACE", "bilrost_service_user");
        assertThat(scripts).isGreaterThan(20);
        assertThat(undefined).isEmpty();
    }

    private static Set<String> names(Pattern pattern, String text) {
        Set<String> names = new TreeSet<>();
        Matcher m = pattern.matcher(text);
        while (m.find()) {
            names.add(m.group(1) != null ? m.group(1) : m.group(2));
        }
        return names;
    }
}

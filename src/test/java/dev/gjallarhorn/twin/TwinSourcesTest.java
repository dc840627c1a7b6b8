package dev.gjallarhorn.twin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.gjallarhorn.remote.BadTargetSpec;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class TwinSourcesTest {

    final TwinSources sources = TwinSources.locate();

    @Test
    void everyFaultIsAScriptThatNamesItsClaim() throws Exception {
        assertThat(sources.faults()).contains("iptables-allow-out-25", "ufw-allow-out-8080");
        for (String fault : sources.faults()) {
            String script = Files.readString(sources.dir().resolve("faults/" + fault + ".sh"));
            assertThat(script).as(fault).startsWith("#!/usr/bin/env bash").containsPattern("# claim: [A-Z]-[A-Z0-9-]+");
        }
    }

    @Test
    void everyFaultIsExercisedByAnIntegrationTest() throws Exception {
        StringBuilder its = new StringBuilder();
        try (var files = Files.walk(Path.of("src/test/java/dev/gjallarhorn/it"))) {
            for (Path file : files.filter(f -> f.toString().endsWith("IT.java")).toList()) {
                its.append(Files.readString(file));
            }
        }
        // RealWorldFaultsIT takes every fault with a '# source:' line from the faults' own headers
        java.util.Set<String> realWorld = new java.util.HashSet<>();
        TwinFault.all(sources).stream().filter(f -> f.source().isPresent()).forEach(f -> realWorld.add(f.name()));
        assertThat(its.toString()).contains("f.source().isPresent()");
        assertThat(sources.faults()).as("faults that no *IT names").filteredOn(fault -> !its.toString().contains(fault) && !realWorld.contains(fault))
                .isEmpty();
    }

    @Test
    void anUnknownFaultIsRefusedWithTheKnownOnes() {
        assertThatThrownBy(() -> sources.validate(TwinSpec.parse("as-claimed+no-such-fault")))
                .isInstanceOf(BadTargetSpec.class).hasMessageContaining("iptables-allow-out-25");
        assertThat(sources.validate(TwinSpec.parse("as-claimed+ufw-allow-out-8080")).faults()).containsExactly("ufw-allow-out-8080");
    }

    @Test
    void theDigestFollowsTheSources() {
        assertThat(sources.digest("faults")).hasSize(12).isEqualTo(sources.digest("faults")).isNotEqualTo(sources.digest("bin"));
    }

    @Test
    void theLimaTemplateProvisionsWithTheSameScript() throws Exception {
        String template = Files.readString(Path.of("lima/bilrost-twin.yaml"));
        assertThat(template).contains("/mnt/provision/provision.sh all as-provisioned")
                .contains("mountPoint: \"/mnt/openclaw\"");
        for (TwinShares.Share share : TwinShares.BILROST) {
            assertThat(template).as(share.name()).contains("shares/" + share.name() + "\"");
        }
    }
}

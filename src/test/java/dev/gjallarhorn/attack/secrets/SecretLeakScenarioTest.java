package dev.gjallarhorn.attack.secrets;

import dev.gjallarhorn.probe.ScriptOutput;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.evidence.Redactor;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

/** The secret search's and the exposure probe's judging, from recorded script output. */
class SecretLeakScenarioTest {

    static final SecretPatterns PATTERNS = new SecretPatterns(List.of(
            new Redactor.Form("ghp_0123456789abcdefghijKLMNOPQRSTuv", "GH_TOKEN", "raw"),
            new Redactor.Form("Z2hwXzAxMjM0NTY3ODlhYmNkZWZnaGlqS0xNTk9QUVJTVHV2", "GH_TOKEN", "base64")));

    /** What a healthy search prints: every place read, every control found, nothing else. */
    static final String HEALTHY = """
            TOOK planting 9985
            SEARCHED journald every field of every entry (journalctl -o export)
            CONTROL journald found the journal field GJALLARHORN_CONTROL
            SEARCHED file every file under /etc /var /tmp
            CONTROL file found /etc
            CONTROL file found /var
            CONTROL file found /tmp
            CONTROL databases found /var/.gjh-1a2b-secret-control.sqlite (an SQLite database)
            CONTROL compressed found /var/.gjh-1a2b-secret-control.gzip-stream (gzip told by its first bytes, read with gzip)
            CONTROL compressed found /var/.gjh-1a2b-secret-control.zlib-stream (zlib told by its first bytes, read with python3)
            FORM gzip gzip 50 distinct files told gzip by their first bytes (read with gzip, its control written with gzip)
            FORM zstd no-tool 0 distinct files told zstd by their first bytes
            SEARCHED compressed 91234 files checked by their first bytes (perl); 54 compressed or zipped (50 distinct) decompressed: 50 gzip (gzip)
            CONTROL git found /var/.gjh-1a2b-secret-control.git-loose/.git (loose: committed, then removed; git cat-file)
            CONTROL git found /var/.gjh-1a2b-secret-control.git-packed/.git (packed: committed, then removed; git cat-file)
            SEARCHED git 2 repositories, 12 objects: every object, loose and packed, reachable or not (git cat-file --batch-all-objects)
            FORM git-loose git 2 repositories (git cat-file)
            SEARCHED deleted-open 3 files deleted but held open by a process (/proc/PID/fd, read as root; compressed ones decompressed)
            CONTROL deleted-open found pid 3650 holds /var/.gjh-1a2b-secret-control.deleted (deleted)
            SEARCHED process-argv 16 processes' command lines
            CONTROL process-argv found pid 3640 (unit gjh-1a2b-secret-control)
            SEARCHED process-environ 16 processes' environments, but those of openclaw-gateway.service (which load secrets.env)
            CONTROL process-environ found pid 3640 (unit gjh-1a2b-secret-control)
            SEARCHED container-config 1 containers (docker inspect)
            SEARCHED docker-logs 1 containers (docker logs)
            SEARCHED docker-images 2 images (history and config; their layers are files above)
            CONTROL container-config found container gjh-1a2b-secret-control (docker inspect)
            CONTROL docker-logs found container gjh-1a2b-secret-control (docker logs)
            CONTROL docker-images found image gjh-1a2b-secret-control:latest (history and config)
            SEARCHED unit-properties systemctl show -p Environment of every unit
            CONTROL unit-properties found the Environment= of gjh-1a2b-secret-control
            ELAPSED 124
            """;

    static ScriptOutput out(String stdout) {
        return ScriptOutput.of(new CommandResult(Cmd.of("bash", "-s"), OptionalInt.of(0), stdout, "", Duration.ofMillis(1), false));
    }

    static SecretSearch.SecretSearchFindings findings(String search) {
        ScriptOutput s = out(search);
        return new SecretSearch.SecretSearchFindings(Instant.now(), Duration.ZERO, SecretSearchLines.hits(s, PATTERNS, (path, kind) -> "files-on-disk"),
                SecretSearchLines.byPlace(s, "SEARCHED"), out(""), true, null, null, SecretSearchLines.byPlace(s, "CUT"),
                SecretSearchLines.undecided(s));
    }

    static List<Observation> observe(String search, String place) {
        return SecretPlaces.observe(findings(search), place, h -> h.place().equals(place));
    }

    static Optional<Reason> onlyReason(List<Observation> observations) {
        assertThat(observations).isNotEmpty().allMatch(o -> o.outcome() == Outcome.COULD_NOT_RUN);
        return observations.get(0).reason();
    }

    @Test
    void aHealthySearchWhoseControlsWereFoundIsAnAnswerEverywhere() {
        for (String place : List.of("journald", "var-log", "tmp-openclaw", "docker-logs", "process-argv", "unit-properties", "agent-state",
                "files-on-disk", "databases", "docker-images", "container-config", "process-environ", "core-dumps")) {
            assertThat(observe(HEALTHY, place)).as(place).singleElement().extracting(Observation::outcome).isEqualTo(Outcome.BLOCKED);
        }
        assertThat(SecretSearchLines.undecided(out(HEALTHY))).isEmpty();
    }

    @Test
    void aJournalControlNotFoundMakesTheJournalOracleBlind() {
        String blind = HEALTHY.replace("CONTROL journald found the journal field GJALLARHORN_CONTROL",
                "CONTROL journald missing the journal field GJALLARHORN_CONTROL (an entry this run wrote)");
        List<Observation> journal = observe(blind, "journald");
        assertThat(onlyReason(journal)).contains(Reason.ORACLE_BLIND);
        assertThat(journal.get(0).detail()).contains("GJALLARHORN_CONTROL");
        assertThat(observe(blind, "var-log")).singleElement().extracting(Observation::outcome).isEqualTo(Outcome.BLOCKED);
    }

    @Test
    void aFailedJournalctlIsAProbeErrorNotNothingFound() {
        String failed = HEALTHY.replace("SEARCHED journald every field of every entry (journalctl -o export)",
                "ERROR journald journalctl -o export exited 1: Failed to open journal")
                .replace("CONTROL journald found", "CONTROL journald missing");
        List<Observation> journal = observe(failed, "journald");
        assertThat(journal).allMatch(o -> o.outcome() == Outcome.COULD_NOT_RUN)
                .anyMatch(o -> o.reason().equals(Optional.of(Reason.PROBE_ERROR)) && o.detail().contains("exited 1"));
    }

    @Test
    void aFatalGrepErrorIsAProbeErrorForEveryPlaceFoundAmongFiles() {
        String failed = HEALTHY.replace("CONTROL file found /var\n",
                "CONTROL file found /var\nERROR file grep -r /var exited 2: grep: /var/lib/x: Input/output error\n");
        for (String place : List.of("var-log", "files-on-disk", "databases", "agent-state", "tmp-openclaw")) {
            assertThat(onlyReason(observe(failed, place))).as(place).contains(Reason.PROBE_ERROR);
        }
        assertThat(observe(failed, "journald")).singleElement().extracting(Observation::outcome).isEqualTo(Outcome.BLOCKED);
    }

    @Test
    void aBudgetCutIsATimeoutThatNamesWhatWasNotRead() {
        String cut = HEALTHY.replace("SEARCHED file every file under /etc /var /tmp\n",
                "CUT file timeout /var/lib/docker and what lies below it was not read to its end within the budget\n");
        List<Observation> files = observe(cut, "files-on-disk");
        assertThat(onlyReason(files)).contains(Reason.TIMEOUT);
        assertThat(files.get(0).detail()).contains("/var/lib/docker");
        String processes = HEALTHY.replace("SEARCHED process-environ 16 processes' environments, but those of openclaw-gateway.service (which load secrets.env)",
                "CUT process-environ timeout not every process's environ was read within the budget");
        assertThat(onlyReason(observe(processes, "process-environ"))).contains(Reason.TIMEOUT);
    }

    @Test
    void aFileWhoseSecretWasNotFoundAgainAfterTheSweepIsUndecidedNotClean() {
        // the sweep printed SEARCHED file; the second reading of a file it listed with a secret then failed, was cut,
        // or found none: no HIT line, so only these lines keep the place from looking clean
        String failed = HEALTHY.replace("CONTROL file found /var\n",
                "CONTROL file found /var\nERROR file cat /var/lib/a\\134b exited 1 after the sweep found a secret in it: Input/output error\n");
        assertThat(onlyReason(observe(failed, "files-on-disk"))).contains(Reason.PROBE_ERROR);
        String gone = HEALTHY.replace("CONTROL file found /var\n",
                "CONTROL file found /var\nERROR file /var/lib/x held a secret in the sweep and none when read again\n");
        assertThat(onlyReason(observe(gone, "files-on-disk"))).contains(Reason.PROBE_ERROR);
        String cut = HEALTHY.replace("CONTROL file found /var\n",
                "CONTROL file found /var\nCUT file timeout /var/lib/x held a secret in the sweep and was not hashed and read again within the budget\n");
        List<Observation> files = observe(cut, "files-on-disk");
        assertThat(onlyReason(files)).contains(Reason.TIMEOUT);
        assertThat(files.get(0).detail()).contains("/var/lib/x");
    }

    @Test
    void aCompressedStreamWhoseSecretNoSingleFileShowedIsAProbeError() {
        String failed = HEALTHY.replace("SEARCHED compressed 91234 files checked by their first bytes (perl); 54 compressed or zipped (50 distinct) decompressed: 50 gzip (gzip)\n",
                "ERROR compressed the gzip stream of 12 files held secret(s) 1 that no file showed when decompressed alone\n");
        assertThat(SecretSearchLines.undecided(out(failed))).containsKey("compressed");
        assertThat(SecretSearchLines.undecided(out(failed)).get("compressed")).extracting(Observation::reason)
                .contains(Optional.of(Reason.PROBE_ERROR));
    }

    @Test
    void environmentsNotJudgedForWantOfTheUnitsThatLoadSecretsAreAProbeError() {
        String failed = HEALTHY.replace("SEARCHED process-environ 16 processes' environments, but those of openclaw-gateway.service (which load secrets.env)\n",
                "ERROR process-environ systemctl show of every unit's EnvironmentFiles= exited 124: \n")
                .replace("CONTROL process-environ found pid 3640 (unit gjh-1a2b-secret-control)\n", "");
        List<Observation> environ = observe(failed, "process-environ");
        assertThat(environ).isNotEmpty().allMatch(o -> o.outcome() == Outcome.COULD_NOT_RUN)
                .anyMatch(o -> o.reason().equals(Optional.of(Reason.PROBE_ERROR)) && o.detail().contains("EnvironmentFiles="));
        assertThat(observe(failed, "process-argv")).singleElement().extracting(Observation::outcome).isEqualTo(Outcome.BLOCKED);
    }

    @Test
    void identicalContentIsReportedOnceWithItsOtherPaths() {
        String copies = HEALTHY + """
                HIT file /var/lib/docker/vfs/dir/a1/root/.config/gh/hosts.yml 1 plain
                HIT file /var/lib/docker/vfs/dir/a1/root/.config/gh/hosts.yml 2 plain
                COPY /var/lib/docker/vfs/dir/a1/root/.config/gh/hosts.yml /var/lib/docker/vfs/dir/b2/root/.config/gh/hosts.yml
                COPY /var/lib/docker/vfs/dir/a1/root/.config/gh/hosts.yml /var/lib/docker/vfs/dir/c3/root/.config/gh/hosts.yml
                HIT file /srv/with\\040space.txt 1 plain
                """;
        List<SecretSearch.Hit> hits = findings(copies).hits();
        assertThat(hits).hasSize(3);
        assertThat(hits.get(0).where()).isEqualTo("/var/lib/docker/vfs/dir/a1/root/.config/gh/hosts.yml");
        assertThat(hits.get(0).copies()).containsExactly("/var/lib/docker/vfs/dir/b2/root/.config/gh/hosts.yml",
                "/var/lib/docker/vfs/dir/c3/root/.config/gh/hosts.yml");
        assertThat(hits.get(1).encoding()).isEqualTo("base64");
        assertThat(hits.get(2).where()).isEqualTo("/srv/with space.txt");
        assertThat(hits.get(2).copies()).isEmpty();
    }

    @Test
    void aSecretInAGitObjectOrPackIsAHitThatNamesTheRepositoryObjectAndPack() {
        String leak = HEALTHY + """
                HIT git /home/lima.linux/projects/agent-tools/.git 8e8b444f3968765c5da9b7f8c38e901b8d028415 blob loose-object .env 1
                HIT git /home/openclaw/.openclaw/workspace/deploy\\040notes/.git bdf9bcc6 blob pack-e25792b9.pack deploy.sh 2
                HIT git /srv/r/.git 0a1b2c3d object loose-object - 1
                """;
        List<SecretSearch.Hit> hits = findings(leak).hits();
        assertThat(hits).extracting(SecretSearch.Hit::place).containsOnly("git");
        assertThat(hits.get(0).where()).isEqualTo("repository /home/lima.linux/projects/agent-tools/.git: blob 8e8b444f3968765c5da9b7f8c38e901b8d028415"
                + " in a loose object (once .env)");
        assertThat(hits.get(1).where()).isEqualTo("repository /home/openclaw/.openclaw/workspace/deploy notes/.git: blob bdf9bcc6 in the pack"
                + " pack-e25792b9.pack (once deploy.sh)");
        assertThat(hits.get(1).encoding()).isEqualTo("base64");
        assertThat(hits.get(2).where()).isEqualTo("repository /srv/r/.git: object 0a1b2c3d in a loose object");
        assertThat(SecretPlaces.observe(findings(leak), "git", h -> h.place().equals("git"))).hasSize(3)
                .allMatch(o -> o.outcome() == Outcome.SUCCEEDED);
        assertThat(observe(leak, "files-on-disk")).singleElement().extracting(Observation::outcome).isEqualTo(Outcome.BLOCKED);
    }

    @Test
    void aDeletedFileHeldOpenIsPlacedByThePathItHadAndNamesItsHolder() {
        String leak = HEALTHY + """
                HIT deleted-open /var/tmp/openclaw-provider-cache.json 1 pid-852-sleep
                HIT compressed /var/lib/x/blob 2 zlib
                """;
        List<SecretSearch.Hit> hits = SecretSearchLines.hits(out(leak), PATTERNS,
                (path, kind) -> path.startsWith("/var/log/") ? "var-log" : "files-on-disk:" + kind);
        assertThat(hits).hasSize(2);
        assertThat(hits.get(0).where()).isEqualTo("/var/tmp/openclaw-provider-cache.json (deleted, still open: pid 852 sleep)");
        assertThat(hits.get(0).place()).isEqualTo("files-on-disk:deleted-open");
        assertThat(hits.get(1).where()).isEqualTo("/var/lib/x/blob (decompressed: zlib)");
        assertThat(hits.get(1).place()).isEqualTo("files-on-disk:compressed");
    }

    @Test
    void aFormNoToolReadsOrWhoseControlWasNotFoundIsUndecided() {
        String noGit = HEALTHY.replace("SEARCHED git 2 repositories, 12 objects: every object, loose and packed, reachable or not (git cat-file --batch-all-objects)\n",
                "CUT git no-tool 3 packs of 2 repositories were not read (git is not installed; loose objects are inflated as zlib streams), e.g. /srv/r/.git/objects/pack/pack-1.pack\n");
        List<Observation> git = SecretPlaces.observe(findings(noGit), "git", h -> h.place().equals("git"));
        assertThat(onlyReason(git)).contains(Reason.PRECONDITION_UNMET);
        assertThat(git.get(0).detail()).contains("git is not installed");
        String badPack = HEALTHY + "ERROR git the pack /srv/r/.git/objects/pack/pack-1.pack cannot be read: error: packfile is truncated\n";
        assertThat(onlyReason(SecretPlaces.observe(findings(badPack), "git", h -> h.place().equals("git")))).contains(Reason.PROBE_ERROR);
        String blindGit = HEALTHY.replace("CONTROL git found /var/.gjh-1a2b-secret-control.git-packed/.git",
                "CONTROL git missing /var/.gjh-1a2b-secret-control.git-packed/.git");
        assertThat(onlyReason(SecretPlaces.observe(findings(blindGit), "git", h -> h.place().equals("git")))).contains(Reason.ORACLE_BLIND);
        String noZstd = HEALTHY + "CUT compressed no-tool 2 zstd files (no tool of the target reads zstd: tried zstd), e.g. /var/lib/a\n";
        assertThat(onlyReason(observe(noZstd, "files-on-disk"))).contains(Reason.PRECONDITION_UNMET);
        String blindDeleted = HEALTHY.replace("CONTROL deleted-open found", "CONTROL deleted-open missing");
        for (String place : List.of("files-on-disk", "var-log", "agent-state", "databases")) {
            assertThat(onlyReason(observe(blindDeleted, place))).as(place).contains(Reason.ORACLE_BLIND);
        }
        assertThat(observe(blindDeleted, "journald")).singleElement().extracting(Observation::outcome).isEqualTo(Outcome.BLOCKED);
        String noMagicControl = HEALTHY.replace("CONTROL compressed found /var/.gjh-1a2b-secret-control.zlib-stream (zlib told by its first bytes, read with python3)",
                "CONTROL compressed missing /var/.gjh-1a2b-secret-control.zlib-stream (zlib: its first bytes were not read as zlib)");
        assertThat(onlyReason(observe(noMagicControl, "files-on-disk"))).contains(Reason.ORACLE_BLIND);
    }

    @Test
    void aPlaceWithoutAnyControlOrWithAnUnplantedOneIsOracleBlind() {
        String noControl = HEALTHY.replace("CONTROL unit-properties found the Environment= of gjh-1a2b-secret-control\n", "");
        assertThat(onlyReason(observe(noControl, "unit-properties"))).contains(Reason.ORACLE_BLIND);
        String unplanted = HEALTHY.replace("CONTROL docker-logs found container gjh-1a2b-secret-control (docker logs)",
                "CONTROL docker-logs unplanted - no image on the target to start a control container from");
        assertThat(onlyReason(observe(unplanted, "docker-logs"))).contains(Reason.ORACLE_BLIND);
        String blindFile = HEALTHY.replace("CONTROL file found /tmp", "CONTROL file missing /tmp");
        assertThat(onlyReason(observe(blindFile, "files-on-disk"))).contains(Reason.ORACLE_BLIND);
    }

    @Test
    void aHitIsAnAnswerEvenWhereAnotherPartWasBlind() {
        String leak = HEALTHY.replace("CONTROL journald found", "CONTROL journald missing") + "HIT journald the journal 1\n";
        assertThat(observe(leak, "journald")).singleElement().extracting(Observation::outcome).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void anEmptyGatewayPidCouldNotRunAndIsNeverDenied() {
        ScriptOutput x = out("""
                ENVIRON root could-not-run the stand-in could not start: Failed to start transient service unit -
                ENVIRON lima could-not-run the stand-in could not start: Failed to start transient service unit -
                ENVIRON nobody could-not-run the stand-in could not start: Failed to start transient service unit -
                """);
        for (String who : List.of("lima", "nobody")) {
            assertThat(onlyReason(SecretExposure.environ(x, who))).as(who).contains(Reason.PROBE_ERROR);
        }
        assertThat(onlyReason(SecretExposure.environ(out(""), "nobody"))).contains(Reason.PROBE_ERROR);
    }

    @Test
    void aRefusalIsBlockedOnlyWhenItWasSeenAndNoSecretsOnlyCountsWhereRootSawThem() {
        ScriptOutput x = out("""
                ENVIRON root ok stand-in
                ENVIRON lima denied EACCES stand-in
                ENVIRON nobody no-secrets stand-in
                """);
        assertThat(SecretExposure.environ(x, "lima")).singleElement().satisfies(o -> {
            assertThat(o.outcome()).isEqualTo(Outcome.BLOCKED);
            assertThat(o.detail()).contains("EACCES");
        });
        assertThat(SecretExposure.environ(x, "nobody")).singleElement().extracting(Observation::outcome).isEqualTo(Outcome.BLOCKED);
        ScriptOutput rootBlind = out("ENVIRON root no-secrets gateway\nENVIRON nobody no-secrets gateway\n");
        assertThat(onlyReason(SecretExposure.environ(rootBlind, "nobody"))).contains(Reason.ORACLE_BLIND);
    }

    @Test
    void aFailedLoginShellCouldNotRunAndIsNeverZeroSecrets() {
        ScriptOutput failed = out("SHELL lima could-not-run the login shell exited 1: runuser: user lima does not exist\n");
        Observation shell = SecretExposure.shell(failed, "lima");
        assertThat(shell.outcome()).isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(shell.reason()).contains(Reason.PROBE_ERROR);
        assertThat(SecretExposure.shell(out(""), "lima").outcome()).isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(SecretExposure.shell(out("SHELL lima 0\n"), "lima").outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(SecretExposure.shell(out("SHELL lima 3\n"), "lima").outcome()).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void aReadOrWriteThatCouldNotRunIsNotARefusal() {
        ScriptOutput x = out("""
                READ nobody could-not-run no such user
                WRITE openclaw denied EROFS
                READ openclaw ok
                """);
        assertThat(onlyReason(SecretExposure.reads(x, "READ", "nobody", "/etc/openclaw/secrets.env"))).contains(Reason.PROBE_ERROR);
        assertThat(SecretExposure.reads(x, "WRITE", "openclaw", "/etc/openclaw/secrets.env")).singleElement()
                .satisfies(o -> assertThat(o.detail()).contains("EROFS")).extracting(Observation::outcome).isEqualTo(Outcome.BLOCKED);
        assertThat(onlyReason(SecretExposure.reads(x, "WRITE", "nobody", "/etc/openclaw/secrets.env"))).contains(Reason.PROBE_ERROR);
        assertThat(SecretExposure.reads(x, "READ", "openclaw", "/etc/openclaw/secrets.env")).singleElement()
                .extracting(Observation::outcome).isEqualTo(Outcome.SUCCEEDED);
    }

    @Test
    void aCanaryHasItsSecretsShapeAndTheRunTokenButIsNoSecret() {
        String secret = "ghp_0123456789abcdefghijKLMNOPQRSTuv";
        String canary = SecretCanaries.shaped(secret, "gjh-1a2b", "GH_TOKEN");
        assertThat(canary).startsWith("ghp_").hasSameSizeAs(secret).isNotEqualTo(secret).matches("ghp_[A-Za-z0-9]+");
        assertThat(canary.substring(4, 14)).as("digits where the secret has digits").matches("[0-9]{10}");
        assertThat(canary.substring(14)).as("the token's letters where letters fit").startsWith("gjh");
        assertThat(SecretCanaries.shaped(secret, "gjh-1a2b", "GH_TOKEN")).isEqualTo(canary);
        assertThat(SecretCanaries.shaped(secret, "gjh-9f9f", "GH_TOKEN")).isNotEqualTo(canary);
        assertThat(SecretCanaries.shaped("123456789:AAHfiqksKZ8WmR2zSjiQ7_v4TMAKdiHm9T0", "gjh-1a2b", "TELEGRAM_BOT_TOKEN"))
                .matches("\\d{9}:[A-Z]{2}[A-Za-z0-9_]+").hasSize(45);
        assertThat(SecretCanaries.shaped("deadbeefcafe0123", "gjh-1a2b", "HEX")).matches("[0-9a-f]{16}");
        assertThat(SecretCanaries.shaped("short1", "gjh-1a2b", "S")).hasSizeGreaterThanOrEqualTo(SecretCanaries.SHORTEST);
        Redactor redactor = new Redactor();
        redactor.learn("GH_TOKEN", secret);
        assertThat(SecretCanaries.of(redactor, "gjh-1a2b")).containsExactly(canary);
        assertThat(redactor.scrub(canary)).doesNotContain("GH_TOKEN");
    }

    @Test
    void aSystemctlThatFailedIsNotAUnitThatDoesNotLoadTheSecretsFile() {
        String file = "/etc/openclaw/secrets.env";
        Observation failed = SecretExposure.envFile(out("ENVFILE could-not-run systemctl show exited 124: \n"), file);
        assertThat(failed.outcome()).as("a timeout is not 'does not load'").isEqualTo(Outcome.COULD_NOT_RUN);
        assertThat(failed.reason()).contains(Reason.PROBE_ERROR);
        assertThat(failed.detail()).contains("exited 124");
        assertThat(SecretExposure.envFile(out("ENVFILE could-not-run systemctl show printed no LoadState\n"), file).reason())
                .contains(Reason.PROBE_ERROR);
        assertThat(SecretExposure.envFile(out(""), file).reason()).contains(Reason.PROBE_ERROR);
        assertThat(SecretExposure.envFile(out("ENVFILE yes\n"), file).outcome()).isEqualTo(Outcome.BLOCKED);
        assertThat(SecretExposure.envFile(out("ENVFILE no\n"), file).outcome()).isEqualTo(Outcome.SUCCEEDED);
    }
}

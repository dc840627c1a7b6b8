package dev.gjallarhorn.attack.syncgate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.host.HostCommand;
import dev.gjallarhorn.remote.SshEndpoint;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LimactlShimTest {

    static final SshEndpoint ENDPOINT = new SshEndpoint("lima", "127.0.0.1", 32799);
    static final String HOST_KEY = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl root@twin";

    @Test
    void itsSshConfigPinsTheHostKeyAndKnownHostsNameTheEndpoint(@TempDir Path dir) {
        String config = LimaShimFiles.sshConfig(ENDPOINT, dir.resolve("id"), dir.resolve("known_hosts"));
        assertThat(config).contains("Host lima-openclaw-sandbox", "Hostname 127.0.0.1", "Port 32799", "User lima",
                "StrictHostKeyChecking yes", "UserKnownHostsFile \"" + dir.resolve("known_hosts") + "\"", "GlobalKnownHostsFile /dev/null");
        assertThat(config).doesNotContainIgnoringCase("StrictHostKeyChecking no");
        assertThat(LimaShimFiles.knownHosts(ENDPOINT, List.of(HOST_KEY, "", "junk")))
                .isEqualTo("[127.0.0.1]:32799 ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIOMqqnkVzrm0SdG6UOoqKLsabgH5C9okWi0dh2l9GKJl\n");
        assertThat(LimaShimFiles.knownHosts(new SshEndpoint("u", "10.0.0.5", 22), List.of(HOST_KEY))).startsWith("10.0.0.5 ssh-ed25519 ");
    }

    @Test
    void theShimAnswersAsLimactlForTheOneInstanceAndItsSshIsPinned(@TempDir Path dir) throws Exception {
        Path checkout = Files.createDirectories(dir.resolve("bilrost/scripts"));
        Path gate = Files.writeString(checkout.resolve("sync-gate.sh"), "#!/bin/sh\necho gate\n");
        Files.writeString(checkout.resolve("lib.sh"), "helpers\n");
        Path fakeSsh = Files.writeString(dir.resolve("fake-ssh"), "#!/bin/sh\nfor a in \"$@\"; do echo \"[$a]\"; done\n");
        Files.setPosixFilePermissions(fakeSsh, PosixFilePermissions.fromString("rwx------"));
        try (LimactlShim shim = LimactlShim.create("gjh-test", ENDPOINT, dir.resolve("id_rsa"), List.of(HOST_KEY), gate, fakeSsh)) {
            assertThat(shim.dir().getFileName().toString()).startsWith("gjh-test-sync-gate-");
            assertThat(shim.script()).hasContent("#!/bin/sh\necho gate");
            assertThat(shim.checkout().resolve("scripts/lib.sh")).exists();
            assertThat(Files.readString(shim.checkout().resolve("lima/openclaw-sandbox.generated.yaml")))
                    .contains("location: \"" + shim.hostCheckout() + "\"", "mountPoint: \"/mnt/openclaw\"");
            Map<String, String> env = shim.environment("/usr/bin:/bin", List.of(), Optional.empty());
            Path limactl = shim.dir().resolve("bin/limactl");

            assertThat(run(env, limactl, "list", "--json").output())
                    .startsWith("{\"name\":\"openclaw-sandbox\",\"hostname\":\"lima-openclaw-sandbox\",\"status\":\"Running\"");
            HostCommand.Result other = run(env, limactl, "show-ssh", "--format=config", "default");
            assertThat(other.exit()).isNotZero();
            assertThat(other.output()).contains("instance \\\"default\\\" does not exist");

            String shell = run(env, limactl, "shell", "openclaw-sandbox", "--", "cat", "/var/x y", "$(id)").output();
            assertThat(shell).contains("[StrictHostKeyChecking=yes]", "[UserKnownHostsFile=" + shim.dir().resolve("known_hosts") + "]",
                    "[NoHostAuthenticationForLocalhost=no]", "[ControlMaster=no]", "[lima-openclaw-sandbox]")
                    .containsPattern("\\[cd .* \\|\\| cd .* ; exec \"\\$SHELL\" --login -c .*cat.*\\]");
            assertThat(shell.indexOf("[StrictHostKeyChecking=yes]")).as("the pin comes before anything the caller passes")
                    .isLessThan(shell.indexOf("[-F]"));
            assertThat(shim.environment("/usr/bin", List.of(Path.of("/opt/scan")), Optional.empty()))
                    .containsEntry("PATH", shim.dir().resolve("bin") + ":/opt/scan:/usr/bin")
                    .containsEntry("TMPDIR", shim.dir().resolve("tmp").toString());
            Path kept = shim.dir();
            shim.close();
            assertThat(kept).doesNotExist();
        }
    }

    @Test
    void aPathWithoutAProgramKeepsEverythingElseOfItsDirectory(@TempDir Path dir) throws Exception {
        Path tools = Files.createDirectories(dir.resolve("tools"));
        Files.writeString(tools.resolve("gitleaks"), "x");
        Files.writeString(tools.resolve("rsync"), "x");
        Path other = Files.createDirectories(dir.resolve("other"));
        String path = LimactlShim.pathWithout(other + ":" + tools, "gitleaks", dir.resolve("views"));
        String[] dirs = path.split(":");
        assertThat(dirs[0]).isEqualTo(other.toString());
        assertThat(Path.of(dirs[1])).isNotEqualTo(tools);
        assertThat(Path.of(dirs[1]).resolve("rsync")).isSymbolicLink();
        assertThat(Path.of(dirs[1]).resolve("gitleaks")).doesNotExist();
    }

    /**
     * Every block of limactl-real-output.txt (real limactl's answers, with their sources) against the shim's answer:
     * exit status and stdout, line by line. The shim's ssh is a stand-in that runs the remote command here, so
     * {@code limactl shell} is checked for quoting and exit status end to end.
     */
    @Test
    void everyAnswerOfTheShimHasRealLimactlsShape(@TempDir Path dir) throws Exception {
        List<RealAnswer> facts = RealAnswer.read(new String(LimactlShimTest.class.getResourceAsStream("limactl-real-output.txt").readAllBytes(),
                java.nio.charset.StandardCharsets.UTF_8));
        assertThat(facts).extracting(RealAnswer::args).contains(List.of("show-ssh", "--format=config", "openclaw-sandbox"),
                List.of("list", "--json", "openclaw-sandbox"), List.of("shell", "openclaw-sandbox", "--", "sh", "-c", "exit 3"));
        try (LimactlShim shim = shimWithLocalSsh(dir)) {
            for (RealAnswer fact : facts) {
                Answer got = answer(shim, fact.args());
                assertThat(got.exit()).as("exit of limactl %s (stderr: %s)", fact.args(), got.stderr()).isEqualTo(fact.exit());
                fact.check(got.stdout());
            }
        }
    }

    /**
     * Issue 25: Bilrost's gate reads four fields of {@code show-ssh --format=config} with case-sensitive greps under
     * {@code set -euo pipefail}; a field it cannot find ends the gate. The shim's answer must give it all four, and
     * the twin's stand-in of that gate must read them the same way (its lines are run here against the shim).
     */
    @Test
    void bilrostsGrepsFindEveryFieldTheyReadInTheShimsConfig(@TempDir Path dir) throws Exception {
        String bilrosts = "c=$(limactl show-ssh --format=config openclaw-sandbox 2>/dev/null)\n"
                + "h=$(echo \"$c\" | grep -E \"^\\s*Hostname\\s+\" | head -1 | awk '{print $2}')\n"
                + "p=$(echo \"$c\" | grep -E \"^\\s*Port\\s+\" | head -1 | awk '{print $2}')\n"
                + "u=$(echo \"$c\" | grep -E \"^\\s*User\\s+\" | head -1 | awk '{print $2}')\n"
                + "k=$(echo \"$c\" | grep -E \"^\\s*IdentityFile\\s+\" | head -1 | awk '{print $2}' | tr -d '\"')\n"
                + "echo \"$u@$h:$p $k\"\n";
        List<String> standIn = Files.readAllLines(dev.gjallarhorn.twin.TwinSources.locate().dir().resolve("host/scripts/sync-gate.sh"));
        assertThat(standIn).as("the stand-in runs as Bilrost's does").contains("set -euo pipefail").noneMatch(l -> l.contains("ssh -F"));
        List<String> reading = standIn.stream().filter(l -> l.matches("ssh_(config|host|port|user|key)=.*")).toList();
        assertThat(reading).as("the stand-in's lines that read the config").hasSize(5);
        String standIns = "VM_NAME=openclaw-sandbox\n" + String.join("\n", reading) + "\necho \"$ssh_user@$ssh_host:$ssh_port $ssh_key\"\n";
        try (LimactlShim shim = shimWithLocalSsh(dir)) {
            for (String script : List.of(bilrosts, standIns)) {
                Answer got = exec(shim, List.of("bash", "-c", "set -euo pipefail\n" + script));
                assertThat(got.exit()).as(script + got.stderr()).isZero();
                assertThat(got.stdout().strip()).isEqualTo("lima@127.0.0.1:32799 " + dir.resolve("id_rsa").toAbsolutePath());
            }
        }
    }

    private static LimactlShim shimWithLocalSsh(Path dir) throws java.io.IOException {
        Path checkout = Files.createDirectories(dir.resolve("bilrost/scripts"));
        Path gate = Files.writeString(checkout.resolve("sync-gate.sh"), "#!/bin/sh\necho gate\n");
        // the "VM" is this host: the remote command (ssh's last argument) runs in bash here
        Path localSsh = Files.writeString(dir.resolve("local-ssh"), "#!/usr/bin/env bash\nfor last; do :; done\nexec bash -c \"$last\"\n");
        Files.setPosixFilePermissions(localSsh, PosixFilePermissions.fromString("rwx------"));
        return LimactlShim.create("gjh-facts", ENDPOINT, dir.resolve("id_rsa"), List.of(HOST_KEY), gate, localSsh);
    }

    record Answer(int exit, String stdout, String stderr) {
    }

    private static Answer answer(LimactlShim shim, List<String> args) throws Exception {
        List<String> argv = new java.util.ArrayList<>(List.of(shim.dir().resolve("bin/limactl").toString()));
        argv.addAll(args);
        return exec(shim, argv);
    }

    private static Answer exec(LimactlShim shim, List<String> argv) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(argv).directory(shim.dir().toFile());
        pb.environment().putAll(shim.environment("/usr/bin:/bin", List.of(), Optional.empty()));
        pb.environment().put("SHELL", "/bin/bash");
        pb.environment().put("HOME", shim.dir().toString());
        Process p = pb.start();
        p.getOutputStream().close();
        java.util.concurrent.CompletableFuture<byte[]> err = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return p.getErrorStream().readAllBytes();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        });
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
        return new Answer(p.exitValue(), out, new String(err.get(), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** One block of limactl-real-output.txt: the command, its exit status, and the shape of its stdout. */
    record RealAnswer(List<String> args, int exit, List<String> stdout, List<String> jsonKeys, Map<String, String> json) {

        static final String MAY_BE_ABSENT = "  # may be absent";

        static List<RealAnswer> read(String text) {
            List<RealAnswer> out = new java.util.ArrayList<>();
            String[] blocks = ("\n" + text).split("\n== ");
            for (int b = 1; b < blocks.length; b++) {
                List<String> lines = List.of(blocks[b].split("\n", -1));
                List<String> args = words(lines.get(0));
                int exit = -1;
                List<String> stdout = null;
                List<String> keys = List.of();
                Map<String, String> json = new java.util.LinkedHashMap<>();
                for (int i = 1; i < lines.size(); i++) {
                    String line = lines.get(i);
                    if (stdout != null) {
                        stdout.add(line);
                    } else if (line.startsWith("exit: ")) {
                        exit = Integer.parseInt(line.substring(6).trim());
                    } else if (line.equals("stdout:")) {
                        stdout = new java.util.ArrayList<>();
                    } else if (line.startsWith("json-keys: ")) {
                        keys = List.of(line.substring(11).trim().split("\\s+"));
                    } else if (line.startsWith("json: ")) {
                        String[] kv = line.substring(6).trim().split("=", 2);
                        json.put(kv[0], kv[1]);
                    }
                }
                if (stdout != null) {
                    while (!stdout.isEmpty() && stdout.get(stdout.size() - 1).isEmpty()) {
                        stdout.remove(stdout.size() - 1);
                    }
                }
                out.add(new RealAnswer(args, exit, stdout, keys, json));
            }
            return out;
        }

        /** Splits on spaces; '...' keeps its spaces. */
        private static List<String> words(String line) {
            List<String> words = new java.util.ArrayList<>();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("'([^']*)'|(\\S+)").matcher(line);
            while (m.find()) {
                words.add(m.group(1) != null ? m.group(1) : m.group(2));
            }
            return words;
        }

        void check(String got) throws Exception {
            List<String> lines = got.isEmpty() ? List.of() : List.of(got.split("\n", -1)).subList(0, got.split("\n", -1).length - (got.endsWith("\n") ? 1 : 0));
            if (stdout != null) {
                int at = 0;
                for (String template : stdout) {
                    boolean optional = template.endsWith(MAY_BE_ABSENT);
                    java.util.regex.Pattern p = pattern(optional ? template.substring(0, template.length() - MAY_BE_ABSENT.length()) : template);
                    if (at < lines.size() && p.matcher(lines.get(at)).matches()) {
                        at++;
                    } else {
                        assertThat(optional).as("limactl %s: line %d is %s, where Lima prints %s\n%s", args, at + 1,
                                at < lines.size() ? "'" + lines.get(at) + "'" : "missing", template, got).isTrue();
                    }
                }
                assertThat(lines.subList(at, lines.size())).as("limactl %s: lines Lima does not print\n%s", args, got).isEmpty();
            }
            if (!jsonKeys.isEmpty()) {
                assertThat(lines).as("limactl %s: one object per line", args).isNotEmpty();
                for (String line : lines) {
                    com.fasterxml.jackson.databind.JsonNode node = new com.fasterxml.jackson.databind.ObjectMapper().readTree(line);
                    assertThat(line).as("compact, as yq prints it with indent 0").doesNotContain(": ").doesNotContain(", ");
                    List<String> names = new java.util.ArrayList<>();
                    node.fieldNames().forEachRemaining(names::add);
                    List<String> known = names.stream().filter(jsonKeys::contains).toList();
                    assertThat(names).as("limactl %s: keys Lima's Instance has", args).isEqualTo(known);
                    assertThat(names).as("in Lima's order").isSortedAccordingTo(java.util.Comparator.comparingInt(jsonKeys::indexOf));
                    json.forEach((k, v) -> assertThat(node.path(k).asText()).as(k).isEqualTo(v));
                }
            }
        }

        private static java.util.regex.Pattern pattern(String template) {
            StringBuilder re = new StringBuilder();
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("\\{(path|host|user|port|text)}").matcher(template);
            int last = 0;
            while (m.find()) {
                re.append(java.util.regex.Pattern.quote(template.substring(last, m.start())));
                re.append(switch (m.group(1)) {
                    case "path" -> "/[^\"\\s]+";
                    case "host" -> "[A-Za-z0-9.:-]+";
                    case "user" -> "[a-z_][a-z0-9_.-]*";
                    case "port" -> "[0-9]+";
                    default -> "[^\"]*";
                });
                last = m.end();
            }
            re.append(java.util.regex.Pattern.quote(template.substring(last)));
            return java.util.regex.Pattern.compile(re.toString());
        }
    }

    private static HostCommand.Result run(Map<String, String> env, Path program, String... args) {
        List<String> argv = new java.util.ArrayList<>(List.of(program.toString()));
        argv.addAll(List.of(args));
        return HostCommand.run(Duration.ofSeconds(10), null, env, argv);
    }
}

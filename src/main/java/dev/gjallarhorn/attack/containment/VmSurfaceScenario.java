package dev.gjallarhorn.attack.containment;

import dev.gjallarhorn.attack.shares.SharesScenario;
import dev.gjallarhorn.probe.ScriptOutput;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.evidence.EvidenceStore;
import dev.gjallarhorn.run.AttackContext;
import dev.gjallarhorn.run.TargetSpec;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.remote.RemoteScript;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.Prediction;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;

/**
 * The VM-escape surface: is there a hypervisor boundary at all, do the read-only shares hold for root, does a
 * share expose the host's home, and what the service identity can become. Judges {@code C-VM-ISOLATION} (the
 * kernel boundary) and {@code T-006} (VM escape). On a container twin the hypervisor part cannot be checked and
 * is INCONCLUSIVE(not-applicable-on-target), never HOLDS.
 */
public final class VmSurfaceScenario {

    private static final RemoteScript SCRIPT = RemoteScript.load(VmSurfaceScenario.class, "vm-surface.sh");
    private static final Set<String> VMS = Set.of("kvm", "qemu", "apple", "vmware", "microsoft", "xen", "oracle", "bochs", "parallels", "bhyve");
    public record VmSurfaceFindings(ScriptOutput surface, Path evidence, Instant startedAt, Duration elapsed) {
    }

    private VmSurfaceScenario() {
    }

    public static VmSurfaceFindings findings(AttackContext run) {
        return run.observeOnce(VmSurfaceFindings.class, () -> {
            Instant started = Instant.now();
            ScriptOutput out = ScriptOutput.of(run.target().run(Cmd.script(SCRIPT).asRoot(), run.settings().commandTimeout()));
            StringBuilder text = new StringBuilder("The VM-escape surface of " + run.target().describe() + "\n\n");
            out.lines().forEach(l -> text.append(l.text()).append('\n'));
            EvidenceStore.Evidence evidence = run.evidence().write("T-006", "vm-surface.txt", text.toString());
            return new VmSurfaceFindings(out, evidence.relativePath(), started, Duration.between(started, Instant.now()));
        });
    }

    public static ClaimEvaluation vmIsolation(AttackContext run) {
        VmSurfaceFindings f = findings(run);
        List<PartEvaluation> parts = List.of(
                PartEvaluation.claim("the agent runs in a VM with its own kernel, not in a container", Prediction.forClaim(run.claim("C-VM-ISOLATION")),
                        List.of(hypervisor(f.surface()))),
                PartEvaluation.claim("a listener on the VM's loopback does not appear on the host's loopback (Lima forwards guest ports)",
                        Prediction.forClaim(run.claim("C-VM-ISOLATION")), List.of(guestLoopbackOnHost(run))),
                notes(f.surface()));
        return new ClaimEvaluation("C-VM-ISOLATION", parts, "virtualisation: " + f.surface().value("virt")
                + ", container: " + f.surface().value("virt-container"), List.of(f.evidence()), f.startedAt(), f.elapsed());
    }

    public static ClaimEvaluation vmEscape(AttackContext run) {
        VmSurfaceFindings f = findings(run);
        Outcome predicted = Prediction.forClaim(run.claim("T-006"));
        PartEvaluation home = SharesScenario.hostHome(run, predicted);
        PartEvaluation shares = SharesScenario.readOnlyForRoot(run, predicted);
        List<PartEvaluation> parts = List.of(
                PartEvaluation.claim("a hypervisor boundary separates the agent from the host", predicted, List.of(hypervisor(f.surface()))),
                shares,
                home,
                notes(f.surface()));
        List<Path> evidence = new java.util.ArrayList<>(List.of(f.evidence()));
        SharesScenario.findings(run).evidence().stream().filter(p -> !evidence.contains(p)).forEach(evidence::add);
        List<Observation> homes = home.observations().stream().filter(o -> o.outcome() == Outcome.SUCCEEDED).toList();
        String observed = (homes.isEmpty() ? "no share exposes a host home" : homes.stream().map(o -> o.subject() + " is " + o.detail())
                .collect(java.util.stream.Collectors.joining("; "))) + "; " + (shares.observations().stream().anyMatch(o -> o.outcome() == Outcome.SUCCEEDED)
                ? "root in the VM wrote to a read-only share" : "the read-only shares held for root")
                + "; service identity " + f.surface().value("service-user") + ": sudo " + f.surface().value("service-sudo")
                + ", docker " + f.surface().value("service-docker");
        return new ClaimEvaluation("T-006", parts, observed, evidence, f.startedAt(), f.elapsed());
    }

    /**
     * On a {@code lima:} target: a listener the VM opens on its own 127.0.0.1 (as the login user, on a port free on
     * this host) must not be reachable on this host's 127.0.0.1, where Lima's default port forwarding would put it.
     * The listener answers with a token of the run; reading that token here is the oracle. Other targets: not applicable.
     */
    static Observation guestLoopbackOnHost(AttackContext run) {
        String subject = "a listener on the VM's 127.0.0.1, from this host's 127.0.0.1";
        if (!(run.settings().targetSpec() instanceof TargetSpec.Lima)) {
            return Observation.couldNotRun(subject, Reason.NOT_APPLICABLE_ON_TARGET, "only a lima: target has Lima's port forwarding to this host"
                    + " (this target: " + run.session().kind() + ")");
        }
        int port = freeLoopbackPort();
        String token = run.token() + ".loopback";
        CommandResult started = run.target().run(Cmd.of("sh", "-c", LISTENER, "sh", Integer.toString(port), token), Duration.ofSeconds(20));
        String pid = started.stdout().strip();
        try {
            CommandResult inside = run.target().run(Cmd.of("bash", "-c", "sleep 1; exec 3<>/dev/tcp/127.0.0.1/$1 && head -1 <&3", "bash",
                    Integer.toString(port)), Duration.ofSeconds(20));
            if (!inside.stdout().strip().equals(token)) {
                return Observation.couldNotRun(subject, Reason.PRECONDITION_UNMET, "the listener did not come up in the VM (" + inside.describe() + ")");
            }
            long deadline = System.nanoTime() + Duration.ofSeconds(15).toNanos();
            while (System.nanoTime() < deadline) {
                try (java.net.Socket socket = new java.net.Socket()) {
                    socket.connect(new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), port), 1000);
                    socket.setSoTimeout(2000);
                    String line = new java.io.BufferedReader(new java.io.InputStreamReader(socket.getInputStream(),
                            java.nio.charset.StandardCharsets.US_ASCII)).readLine();
                    return token.equals(line) ? Observation.succeeded(subject, "this host's 127.0.0.1:" + port + " answered with the VM listener's"
                            + " token: Lima forwards the VM's loopback to the host")
                            : Observation.couldNotRun(subject, Reason.CONFLICTING_EVIDENCE, "something else answered on this host's 127.0.0.1:" + port);
                } catch (java.io.IOException notThere) {
                    dev.gjallarhorn.Sleep.quietly(Duration.ofMillis(500));
                }
            }
            return Observation.blocked(subject, "nothing on this host's 127.0.0.1:" + port + " within 15 s, while the VM's listener answered inside");
        } finally {
            if (pid.matches("\\d+")) {
                run.target().run(Cmd.of("kill", pid), Duration.ofSeconds(10));
            }
        }
    }

    /** Listens on the VM's 127.0.0.1:$1 for 40 s, answering every connection with $2; prints its pid. */
    private static final String LISTENER = "perl -MIO::Socket::INET -e '$s=IO::Socket::INET->new(LocalAddr=>q(127.0.0.1),LocalPort=>$ARGV[0],"
            + "Listen=>5,ReuseAddr=>1) or exit 1; alarm 40; while($c=$s->accept){print $c qq($ARGV[1]\\n); close $c}' \"$1\" \"$2\""
            + " </dev/null >/dev/null 2>&1 & echo $!";

    private static int freeLoopbackPort() {
        for (int i = 0; i < 20; i++) {
            int port = 20000 + new java.security.SecureRandom().nextInt(10000);
            try (java.net.ServerSocket probe = new java.net.ServerSocket(port, 1, java.net.InetAddress.getLoopbackAddress())) {
                return port;
            } catch (java.io.IOException inUse) {
                // another one
            }
        }
        return 29999;
    }

    static Observation hypervisor(ScriptOutput surface) {
        String virt = surface.value("virt");
        String container = surface.value("virt-container");
        String subject = "the machine";
        if (!container.isEmpty() && !container.equals("none")) {
            return Observation.couldNotRun(subject, Reason.NOT_APPLICABLE_ON_TARGET, "this target is a container (" + container
                    + "): a twin has no hypervisor, so the VM boundary cannot be checked here; attack a Lima VM for it");
        }
        if (VMS.contains(virt)) {
            return Observation.blocked(subject, "a virtual machine (" + virt + ", " + surface.value("product") + ")");
        }
        if (virt.equals("none")) {
            return Observation.succeeded(subject, "no virtualisation detected: the agent shares the host's kernel");
        }
        return Observation.couldNotRun(subject, Reason.PROBE_ERROR, "cannot tell the kind of machine: virt '" + virt + "'");
    }

    static PartEvaluation notes(ScriptOutput surface) {
        String service = surface.value("service-user");
        return PartEvaluation.note("what the service identity (" + service + ") can become in the VM", Outcome.SUCCEEDED, List.of(
                note(service + " with sudo", surface.value("service-sudo").equals("passwordless"), "passwordless sudo"),
                note(service + " with the Docker socket", surface.value("service-docker").equals("yes"), "can run containers (root-equivalent)"),
                note("SSH keys of the login user", !surface.value("authorized-keys").isEmpty() && !surface.value("authorized-keys").equals("1"),
                        surface.value("authorized-keys") + " authorized key(s)")));
    }

    private static Observation note(String subject, boolean bad, String what) {
        return bad ? Observation.succeeded(subject, what) : Observation.blocked(subject, "no: " + what);
    }
}

package dev.gjallarhorn.twin;

import dev.gjallarhorn.host.HostMounts;
import dev.gjallarhorn.host.Progress;
import com.github.dockerjava.api.DockerClient;
import com.github.dockerjava.api.exception.NotFoundException;
import dev.gjallarhorn.remote.HostKeyPin;
import dev.gjallarhorn.remote.SshEndpoint;
import dev.gjallarhorn.remote.SshIdentity;
import dev.gjallarhorn.remote.SshKeys;
import dev.gjallarhorn.remote.SshTarget;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.KeyPair;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Optional;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.Container.ExecResult;
import org.testcontainers.utility.ResourceReaper;

/**
 * A running twin of the Bilrost VM: its container, network (air-gapped), host shares, login key and
 * pinned host key. {@link #start} builds what is missing and boots one; {@link #close} removes all of it.
 */
public final class Twin implements AutoCloseable {

    /** The file in a twin's directory that names the process starting it, written before anything else is. */
    static final String OWNER_FILE = "owner-pid";

    /** Who stops the twin: the run that started it, or the user (started by {@code twin up}). */
    public enum Owner { RUN, USER }

    private final TwinRecord record;
    private final Map<String, String> secrets;
    private boolean closed;

    private Twin(TwinRecord record, Map<String, String> secrets) {
        this.record = record;
        this.secrets = secrets;
    }

    @SuppressWarnings("deprecation") // unregisterContainer: the only way to keep a started container past JVM exit
    public static Twin start(TwinSpec requested, Owner owner) {
        dev.gjallarhorn.host.HostPackages.ensure(dev.gjallarhorn.host.HostPackages.TWIN, dev.gjallarhorn.host.HostPackages.lockTimeout());
        DockerEngine.ensureAvailable();
        TwinSources sources = TwinSources.locate();
        TwinSpec spec = sources.validate(requested);
        DockerClient docker = DockerClientFactory.instance().client();
        TwinReaper.reapOrphans(docker);
        String image = new TwinImages(docker, sources).ensureTwinImage();
        Optional<Path> gateway = GatewayRuntime.ensure();

        String id = HexFormat.of().formatHex(new SecureRandom().generateSeed(3));
        String name = "gjallarhorn-twin-" + id;
        Path dir = TwinRecord.twinsDir().resolve(name);
        Progress.Step step = Progress.step("starting twin " + name + " (" + spec + ")");
        Map<String, String> secrets = CanarySecrets.generate();
        KeyPair login = SshKeys.generateLoginKey();
        TwinNetwork network = null;
        TwinContainer container = null;
        try {
            Files.createDirectories(dir);
            // before anything is mounted under it: whose it is, for the reaper should this JVM die before the record
            Files.writeString(dir.resolve(OWNER_FILE), Long.toString(ProcessHandle.current().pid()));
            Path identity = writeLoginKey(dir, login);
            TwinShares shares = TwinShares.create(dir.resolve("shares"), sources, secrets, spec.profile(),
                    sources.hostDirectives(spec.faults()));
            network = TwinNetwork.create(docker, name, "gjh-" + id);
            container = new TwinContainer(image, name, spec, network)
                    .withAuthorizedKey(SshKeys.authorizedKeysLine(login.getPublic(), "gjallarhorn"))
                    .withShares(shares)
                    .withGatewayRuntime(gateway)
                    .withLabel("dev.gjallarhorn.owner", owner.name().toLowerCase(java.util.Locale.ROOT))
                    .withLabel("dev.gjallarhorn.owner-pid", Long.toString(ProcessHandle.current().pid()));
            if (owner == Owner.USER) {
                container.outlivingThisJvm();
            }
            container.start();
            if (owner == Owner.USER) {
                // Testcontainers stops what a JVM started when that JVM exits; a twin started by hand outlives it
                ResourceReaper.instance().unregisterContainer(container.getContainerId());
            }
            TwinRecord record = recordStarted(name, image, spec, owner, network, container, identity, dir);
            step.done("twin " + name + " is ready at " + record.sshUri());
            Twin twin = new Twin(record, secrets);
            if (owner == Owner.RUN) {
                Runtime.getRuntime().addShutdownHook(new Thread(twin::close, "twin-cleanup"));
            }
            return twin;
        } catch (IOException | InterruptedException | RuntimeException e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
            }
            removeQuietly(docker, container == null ? null : container.getContainerId(), network, dir);
            if (e instanceof TwinUnavailable unavailable) {
                throw unavailable;
            }
            throw new TwinUnavailable("the twin (" + spec + ") did not start: " + oneLine(e), e);
        }
    }

    /** Writes the login key's private half to {@code dir/id_rsa}, readable by this user only; returns that path. */
    private static Path writeLoginKey(Path dir, KeyPair login) throws IOException {
        Path identity = dir.resolve("id_rsa");
        Files.writeString(identity, SshKeys.privateKeyPem(login));
        Files.setPosixFilePermissions(identity, PosixFilePermissions.fromString("rw-------"));
        return identity;
    }

    /**
     * Reads the started container's ed25519 host key, writes the twin's record (with that key's fingerprint pinned)
     * and {@code dir/known_hosts}. {@link TwinUnavailable} if the twin has no such key.
     */
    private static TwinRecord recordStarted(String name, String image, TwinSpec spec, Owner owner, TwinNetwork network,
                                            TwinContainer container, Path identity, Path dir) throws IOException, InterruptedException {
        ExecResult hostKey = container.execInContainer("cat", "/etc/ssh/ssh_host_ed25519_key.pub");
        if (hostKey.getExitCode() != 0) {
            throw new TwinUnavailable("the twin has no ed25519 host key: " + hostKey.getStderr().trim());
        }
        TwinRecord record = new TwinRecord(name, container.getContainerId(), image, spec.toString(),
                owner.name().toLowerCase(java.util.Locale.ROOT), ProcessHandle.current().pid(),
                network.name(), network.id(), network.bridge(), network.gateway(), network.subnet(),
                "lima", "127.0.0.1", container.getMappedPort(TwinContainer.SSH_PORT), identity.toString(),
                SshKeys.sha256FingerprintOfPublicKeyLine(hostKey.getStdout()), Instant.now().toString());
        record.write();
        String[] key = hostKey.getStdout().trim().split("\\s+");
        Files.writeString(dir.resolve("known_hosts"), "[" + record.host() + "]:" + record.sshPort() + " " + key[0] + " " + key[1] + "\n");
        return record;
    }

    /** A twin started earlier (e.g. by {@code twin up}), by name or container id. */
    public static Optional<Twin> find(String nameOrId) {
        return TwinRecord.all().stream()
                .filter(r -> r.name().equals(nameOrId) || r.containerId().startsWith(nameOrId))
                .findFirst()
                .map(r -> new Twin(r, readSecrets(r)));
    }

    public TwinRecord record() {
        return record;
    }

    public TwinSpec spec() {
        return TwinSpec.parse(record.spec());
    }

    /** The canary secrets in this twin's secrets file, so that reports can be scrubbed of them. */
    public Map<String, String> secrets() {
        return secrets;
    }

    /** This host as the twin sees it: its network's gateway, where canaries listen. */
    public String hostAddress() {
        return record.gateway();
    }

    public SshEndpoint endpoint() {
        return new SshEndpoint(record.user(), record.host(), record.sshPort());
    }

    public SshTarget connect(Duration timeout) {
        return SshTarget.connect(endpoint(), SshIdentity.file(Path.of(record.identityFile())),
                HostKeyPin.fingerprint(record.hostKeyFingerprint()), timeout);
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        DockerEngine.ensureAvailable();
        removeQuietly(DockerClientFactory.instance().client(), record.containerId(), record.network(), record.dir());
        Progress.say("removed twin " + record.name());
    }

    /**
     * Removes what runs that died left behind: twins whose owning process is gone, twin networks that no
     * record knows and no container uses, and air-gap rules whose bridge no longer exists.
     */
    public static void reapLeftovers() {
        DockerEngine.ensureAvailable();
        TwinReaper.reapOrphans(DockerClientFactory.instance().client());
    }

    static void removeQuietly(DockerClient docker, String containerId, TwinNetwork network, Path dir) {
        if (containerId != null) {
            try {
                docker.removeContainerCmd(containerId).withForce(true).withRemoveVolumes(true).exec();
            } catch (NotFoundException alreadyGone) {
                // nothing to remove
            }
        }
        if (network != null) {
            network.remove(docker);
        }
        if (dir != null) {
            HostMounts.unmountUnder(dir); // the read-only share images
        }
        TwinImages.deleteTree(dir);
    }

    private static Map<String, String> readSecrets(TwinRecord record) {
        Path file = record.dir().resolve("shares/home").resolve(TwinShares.SECRETS_FILE);
        Map<String, String> secrets = new java.util.LinkedHashMap<>();
        try {
            if (Files.isRegularFile(file)) {
                for (String line : Files.readAllLines(file)) {
                    int eq = line.indexOf('=');
                    if (!line.startsWith("#") && eq > 0) {
                        secrets.put(line.substring(0, eq), line.substring(eq + 1));
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
        return secrets;
    }

    static String oneLine(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null && root.getCause() != root) {
            root = root.getCause();
        }
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        if (root != e && root.getMessage() != null) {
            m = m + " (" + root.getMessage() + ")";
        }
        return m.replaceAll("\\s+", " ").trim();
    }
}

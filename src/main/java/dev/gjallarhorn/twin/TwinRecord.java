package dev.gjallarhorn.twin;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * What is known about a started twin, kept in {@code ~/.gjallarhorn/twins/NAME/twin.json} so that another
 * process can attack it, stop it, or clean up after a run that died.
 *
 * @param owner {@code run} for a twin a run started and will stop, {@code user} for one started by {@code twin up}
 */
public record TwinRecord(String name, String containerId, String image, String spec, String owner, long ownerPid,
                         String networkName, String networkId, String bridge, String gateway, String subnet,
                         String user, String host, int sshPort, String identityFile, String hostKeyFingerprint,
                         String createdAt) {

    /** Started by an attack or test run whose process is still alive: stopping it would pull the target from under it. */
    public boolean inUseByLiveRun() {
        return "run".equals(owner) && ProcessHandle.of(ownerPid).map(ProcessHandle::isAlive).orElse(false);
    }

    static final String FILE = "twin.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** Where twin state lives: {@code gjallarhorn.state} or {@code ~/.gjallarhorn}, then {@code twins/}. */
    public static Path twinsDir() {
        String configured = System.getProperty("gjallarhorn.state");
        Path base = configured != null && !configured.isBlank() ? Path.of(configured) : Path.of(System.getProperty("user.home"), ".gjallarhorn");
        return base.resolve("twins");
    }

    public Path dir() {
        return twinsDir().resolve(name);
    }

    public TwinNetwork network() {
        return new TwinNetwork(networkName, networkId, bridge, gateway, subnet);
    }

    public String sshUri() {
        return "ssh://" + user + "@" + host + ":" + sshPort;
    }

    void write() {
        try {
            Files.createDirectories(dir());
            JSON.writeValue(dir().resolve(FILE).toFile(), this);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir().resolve(FILE), e);
        }
    }

    public static TwinRecord read(Path file) {
        try {
            return JSON.readValue(file.toFile(), TwinRecord.class);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read twin record " + file, e);
        }
    }

    /** Every twin this machine has a record of. */
    public static List<TwinRecord> all() {
        Path dir = twinsDir();
        List<TwinRecord> records = new ArrayList<>();
        if (!Files.isDirectory(dir)) {
            return records;
        }
        try (Stream<Path> children = Files.list(dir)) {
            for (Path child : children.sorted().toList()) {
                Path file = child.resolve(FILE);
                if (Files.isRegularFile(file)) {
                    records.add(read(file));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
        return records;
    }
}

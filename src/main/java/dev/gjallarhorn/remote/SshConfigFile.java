package dev.gjallarhorn.remote;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * The parts of an OpenSSH client config that name a host: the first {@code Host} block (or a named one)
 * with its HostName, Port, User and IdentityFile entries. Lima writes one such file per instance.
 */
public record SshConfigFile(Path file, String host, String hostName, int port, String user, List<Path> identityFiles) {

    public static SshConfigFile read(Path file, Optional<String> hostAlias) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw new TargetUnreachable("cannot read ssh config " + file + ": " + e.getMessage(), e);
        }
        String current = null;
        Map<String, List<String>> values = new LinkedHashMap<>();
        String chosen = null;
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] kv = line.split("\\s*=\\s*|\\s+", 2);
            String key = kv[0].toLowerCase(Locale.ROOT);
            String value = kv.length > 1 ? unquote(kv[1].strip()) : "";
            if (key.equals("host")) {
                if (chosen != null) {
                    break; // the block we wanted is over
                }
                current = value;
                if (hostAlias.isEmpty() || List.of(value.split("\\s+")).contains(hostAlias.get())) {
                    chosen = value;
                }
                continue;
            }
            if (chosen != null || current == null) {
                values.computeIfAbsent(key, k -> new ArrayList<>()).add(value);
            }
        }
        if (chosen == null && hostAlias.isPresent()) {
            throw new BadTargetSpec("ssh config " + file + " has no 'Host " + hostAlias.get() + "' block");
        }
        String hostName = first(values, "hostname").orElse(chosen);
        String user = first(values, "user").orElseThrow(() -> new BadTargetSpec("ssh config " + file + " names no User"));
        int port = Integer.parseInt(first(values, "port").orElse("22"));
        List<Path> identities = values.getOrDefault("identityfile", List.of()).stream().map(SshConfigFile::expandHome).toList();
        return new SshConfigFile(file, chosen, hostName, port, user, identities);
    }

    /** The first identity file that exists and can be read. */
    public Optional<Path> readableIdentity() {
        return identityFiles.stream().filter(Files::isReadable).findFirst();
    }

    private static Optional<String> first(Map<String, List<String>> values, String key) {
        List<String> found = values.get(key);
        return found == null || found.isEmpty() ? Optional.empty() : Optional.of(found.get(0));
    }

    private static String unquote(String value) {
        return value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"") ? value.substring(1, value.length() - 1) : value;
    }

    private static Path expandHome(String path) {
        return path.startsWith("~/") ? Path.of(System.getProperty("user.home"), path.substring(2)) : Path.of(path);
    }
}

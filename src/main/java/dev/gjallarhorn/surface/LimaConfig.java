package dev.gjallarhorn.surface;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a Lima instance declares on the host it runs on: its mounts (host location, mount point in the guest,
 * writable) and port forwards, read with jackson-dataformat-yaml from Lima's global {@code _config/override.yaml},
 * the instance's {@code lima.yaml} and Lima's global {@code _config/default.yaml}, combined as Lima combines them:
 * in that order, the first declaration of a mount point winning. A file that is absent is simply not there; one
 * that cannot be read is a gap. Lima also forwards every guest TCP listener to the host's 127.0.0.1 unless a rule
 * says {@code ignore: true}: that fallback is named with the forwards.
 */
public record LimaConfig(List<DeclaredMount> mounts, List<String> portForwards, List<String> filesRead, List<String> gaps) {

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    /** One declared mount: the host directory, where the guest sees it, whether the guest may write, which file said so. */
    public record DeclaredMount(String location, String mountPoint, boolean writable, String file) {
        @Override
        public String toString() {
            return location + " -> " + mountPoint + (writable ? " (writable)" : " (read-only)") + " [" + file + "]";
        }
    }

    public static LimaConfig read(Path limaHome, String instance, Path userHome) {
        List<Path> files = List.of(limaHome.resolve("_config/override.yaml"), limaHome.resolve(instance).resolve("lima.yaml"),
                limaHome.resolve("_config/default.yaml"));
        Map<String, DeclaredMount> mounts = new LinkedHashMap<>();
        List<String> forwards = new ArrayList<>();
        List<String> read = new ArrayList<>();
        List<String> gaps = new ArrayList<>();
        for (Path file : files) {
            if (!Files.isRegularFile(file)) {
                continue;
            }
            JsonNode root;
            try {
                root = YAML.readTree(file.toFile());
            } catch (IOException e) {
                gaps.add(file + ": " + e.getMessage().lines().findFirst().orElse(""));
                continue;
            }
            read.add(file.toString());
            if (root == null) {
                continue;
            }
            for (JsonNode m : root.path("mounts")) {
                String location = expand(m.path("location").asText(""), userHome);
                String mountPoint = m.hasNonNull("mountPoint") ? expand(m.path("mountPoint").asText(), userHome) : location;
                mounts.putIfAbsent(mountPoint, new DeclaredMount(location, mountPoint, m.path("writable").asBoolean(false), file.getFileName().toString()));
            }
            for (JsonNode f : root.path("portForwards")) {
                forwards.add(f.toString().replace("\"", "") + " [" + file.getFileName() + "]");
            }
        }
        if (!read.isEmpty()) {
            forwards.add("and Lima's fallback: every guest TCP port on 127.0.0.1 or 0.0.0.0 to the host's 127.0.0.1, unless a rule ignores it");
        }
        return new LimaConfig(List.copyOf(mounts.values()), forwards, read, gaps);
    }

    private static String expand(String path, Path userHome) {
        if (path.equals("~")) {
            return userHome.toString();
        }
        return path.startsWith("~/") ? userHome.resolve(path.substring(2)).toString() : path;
    }
}

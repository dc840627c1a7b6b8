package dev.gjallarhorn.surface;

import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.remote.RemoteScript;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The containers and images of the target's Docker engine, discovered once by {@code containers.sh}
 * ({@code CONTAINER} and {@code IMAGE} lines, {@code NODOCKER} without an engine) and written to
 * {@code surface/containers.txt}.
 */
final class ContainerDiscovery {

    private static final RemoteScript CONTAINERS = RemoteScript.load(ContainerDiscovery.class, "containers.sh");

    private final Discovery discovery;
    private Inventory inventory;

    ContainerDiscovery(Discovery discovery) {
        this.discovery = discovery;
    }

    synchronized Inventory inventory() {
        if (inventory == null) {
            discover();
        }
        return inventory;
    }

    private void discover() {
        Instant started = Instant.now();
        CommandResult result = discovery.run(Cmd.script(CONTAINERS).asRoot());
        List<Inventory.Container> containers = new ArrayList<>();
        List<Inventory.Image> images = new ArrayList<>();
        for (String line : result.stdout().split("\n")) {
            String[] w = line.strip().split("\\s+");
            if (w.length >= 5 && w[0].equals("CONTAINER")) {
                containers.add(new Inventory.Container(w[1], w[2], w[3], w[4]));
            } else if (w.length >= 3 && w[0].equals("IMAGE")) {
                List<String> dirs = w.length > 3 ? Arrays.stream(w[3].split(":")).filter(d -> d.startsWith("/")).toList() : List.of();
                images.add(new Inventory.Image(w[1], w[2], dirs));
            }
        }
        inventory = new Inventory(!result.stdout().contains("NODOCKER") && result.succeeded(), containers, images);
        StringBuilder text = new StringBuilder("Containers and images of " + discovery.describe() + "\n" + result.describe() + "\n");
        containers.forEach(c -> text.append("  container ").append(c).append('\n'));
        images.forEach(i -> text.append("  image ").append(i.id()).append(' ').append(i.tags()).append(" (")
                .append(i.layerDirs().size()).append(" layer dirs)\n"));
        discovery.written("containers", text, started);
    }
}

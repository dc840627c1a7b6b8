package dev.gjallarhorn.surface;

import java.util.List;

/**
 * The target's containers and images, from its Docker engine ({@code available} false when it has none):
 * each container's id, name, image and state; each image's id, tags and layer directories on the target's disk.
 */
public record Inventory(boolean available, List<Container> containers, List<Image> images) {

    public record Container(String id, String name, String image, String state) {
    }

    public record Image(String id, String tags, List<String> layerDirs) {
    }

    public Inventory {
        containers = List.copyOf(containers);
        images = List.copyOf(images);
    }
}

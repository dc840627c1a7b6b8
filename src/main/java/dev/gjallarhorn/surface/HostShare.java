package dev.gjallarhorn.surface;

/** A mount whose files live on the host, not on the target's own disk, and how the mount table shows it. */
public record HostShare(Mount mount, String why) {

    public String target() {
        return mount.target();
    }

    @Override
    public String toString() {
        return mount + ": " + why;
    }
}

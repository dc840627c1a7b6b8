package dev.gjallarhorn.surface;

/** A process on the target: pid, user, the systemd unit its cgroup belongs to ({@code -} if none), command name. */
public record TargetProcess(int pid, String user, String unit, String comm) {
}

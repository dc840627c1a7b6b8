package dev.gjallarhorn.run;

import java.net.InetAddress;
import java.net.UnknownHostException;

/**
 * Which harness process a run on a target belongs to, as {@code host:pid}: written beside what the run keeps on
 * the target, so a later run can tell a dead run's leftovers from those of a run still going.
 */
record RunOwner(String host, long pid) {

    static final RunOwner UNKNOWN = new RunOwner("unknown", -1);

    static RunOwner current() {
        return new RunOwner(thisHost(), ProcessHandle.current().pid());
    }

    static RunOwner parse(String tag) {
        int colon = tag.lastIndexOf(':');
        if (colon <= 0) {
            return UNKNOWN;
        }
        try {
            return new RunOwner(tag.substring(0, colon), Long.parseLong(tag.substring(colon + 1)));
        } catch (NumberFormatException e) {
            return UNKNOWN;
        }
    }

    String tag() {
        return host + ":" + pid;
    }

    /** Started from this host: only then can its liveness be checked. */
    boolean fromHere() {
        return host.equals(thisHost());
    }

    boolean runningHere() {
        return fromHere() && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }

    private static String thisHost() {
        try {
            return InetAddress.getLocalHost().getHostName().replaceAll("[^A-Za-z0-9._-]", "_");
        } catch (UnknownHostException e) {
            return "localhost";
        }
    }
}

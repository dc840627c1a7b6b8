package dev.gjallarhorn.it;

/**
 * Where the longest integration test classes stand in JUnit's class order, so that they start first. With classes
 * run side by side on a fork-join pool, the thread that forks the classes runs the last one itself first while idle
 * threads take them from the front: the longest classes go to both ends.
 */
final class ItOrder {

    /** Taken first by an idle thread. */
    static final int LONGEST = 1;
    /** Next from the front. */
    static final int LONG = 2;
    /** Run first by the thread that forks the classes (unordered classes sit in between). */
    static final int LONGEST_AT_THE_END = Integer.MAX_VALUE;

    private ItOrder() {
    }
}

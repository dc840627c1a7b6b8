package dev.gjallarhorn.verdict;

/** Whether a part of an evaluation decides the claim or only shows that the oracle could see. */
public enum PartRole {
    /** Part of what the claim states; its verdict counts. */
    CLAIM,
    /** A positive control: it must succeed for the claim's blocked results to mean anything. Shown, never counted. */
    CONTROL,
    /** Something seen next to the claim that the claim does not speak to (e.g. a weakness it omits). Shown, never counted. */
    NOTE
}

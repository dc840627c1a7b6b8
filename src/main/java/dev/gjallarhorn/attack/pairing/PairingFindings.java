package dev.gjallarhorn.attack.pairing;

import dev.gjallarhorn.probe.Observation;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * What the pairing probe saw, one observation per thing it tried.
 *
 * @param unavailable   why the agent channel could not be used (then every observation says so), or null
 * @param control       the allowlisted sender's own DM: the oracle's positive control
 * @param strangers     the forged updates of round 1, by subject, in the order they were sent
 * @param challenged    whether the first stranger got a one-time code and no agent
 * @param admitted      the approved sender getting in (a note: BLOCKED is the expected, working outcome)
 * @param reuse         the approved code approved a second time
 * @param otherSender   the approved code sent by another sender
 * @param guesses       guessed codes sent by a pending sender
 * @param lookalikes    ids resembling the allowlisted one, one each
 * @param pairedInGroup the paired DM sender in a group that is not allowlisted
 * @param cap           a fourth stranger while three requests are pending
 * @param selfApproval  a sender written into the pairing store by the service identity
 * @param othersWrites  a sender written into the pairing store by each other identity on the target, one each
 * @param controlPlane  the gateway's control API as every other identity, without its credential and with a wrong one
 * @param controlPlaneControls the gateway's own credential reading the allowlisted sender's conversation there
 * @param credentialBurst wrong credentials in a row (a note: SUCCEEDED when none was throttled)
 * @param evidence      the transcript's path, relative to the reports directory
 */
public record PairingFindings(Instant startedAt, Duration elapsed, String unavailable, Observation control, Map<String, Observation> strangers,
                              Observation challenged, Observation admitted, Observation reuse, Observation otherSender,
                              Observation guesses, List<Observation> lookalikes, Observation pairedInGroup, Observation cap,
                              Observation selfApproval, List<Observation> othersWrites, List<Observation> controlPlane,
                              List<Observation> controlPlaneControls, Observation credentialBurst, Path evidence) {
}

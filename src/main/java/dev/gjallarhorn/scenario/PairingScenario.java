package dev.gjallarhorn.scenario;

import dev.gjallarhorn.doubles.TelegramUpdate;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.report.EvidenceStore;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.Prediction;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Who gets to talk to the agent over Telegram. Forged updates from strangers (a DM, the same DM again, other
 * strangers, a group message) must reach no model; a stranger gets at most a pairing code. Then the pairing flow:
 * the operator approves one code, after which only that sender gets in; the approved code cannot be reused, another
 * sender cannot use it, guessed codes do nothing, and ids that merely resemble an allowlisted one stay out. What the
 * claims do not say is shown beside them: three pending strangers lock out the next one, and the service identity
 * can admit a sender by writing its own store. An allowlisted sender's message reaching the model is the positive
 * control: without it, "nothing reached the model" would prove nothing. Judges {@code T-001},
 * {@code C-TELEGRAM-PAIRING} and {@code T-009}.
 */
public final class PairingScenario {

    static final Duration FIRST_TURN_WITHIN = Duration.ofMinutes(3);
    static final Duration TURN_WITHIN = Duration.ofSeconds(90);
    static final Duration REPLY_WITHIN = Duration.ofSeconds(45);
    static final Duration QUIET_FOR = Duration.ofSeconds(15);
    private static final String ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

    /** Strangers, by role; ids no real Telegram account needs to have. */
    static final long STRANGER = 777000101L;
    static final long SECOND = 777000102L;
    static final long THIRD = 777000103L;
    static final long IN_GROUP = 777000104L;
    static final long FOURTH = 777000105L;
    static final long SELF_APPROVED = 777000106L;
    static final long GROUP_CHAT = -1001777000100L;

    public record Findings(Instant startedAt, Duration elapsed, String unavailable, Observation control, Map<String, Observation> strangers,
                           Observation challenged, Observation admitted, Observation reuse, Observation otherSender,
                           Observation guesses, List<Observation> lookalikes, Observation cap, Observation selfApproval, Path evidence) {
    }

    private PairingScenario() {
    }

    public static Findings findings(AttackRun run) {
        return run.observeOnce(Findings.class, () -> probe(run));
    }

    private static Findings probe(AttackRun run) {
        Instant started = Instant.now();
        AgentChannel channel = AgentChannel.of(run);
        if (channel.unavailable().isPresent()) {
            Observation no = Observation.couldNotRun("the agent channel", Reason.PRECONDITION_UNMET, channel.unavailable().get());
            Path evidence = run.evidence().write("T-001", "pairing.txt", "Telegram access to the agent\n\n" + channel.transcript()).relativePath();
            return new Findings(started, Duration.between(started, Instant.now()), channel.unavailable().get(), no, Map.of("a stranger's DM", no), no, no, no, no, no,
                    List.of(no), no, no, evidence);
        }
        List<Long> allowed = channel.admittedSender().map(List::of).orElse(List.of());
        channel.note("dmPolicy " + channel.setting("DMPOLICY") + ", allowFrom [" + channel.setting("ALLOWFROM") + "], groupPolicy "
                + channel.setting("GROUPPOLICY"));

        // the positive control: an allowlisted sender reaches the model, so "nothing reached it" can mean something
        Observation control;
        if (allowed.isEmpty()) {
            control = Observation.couldNotRun("an allowlisted sender", Reason.PRECONDITION_UNMET, "the config allowlists no sender id");
        } else {
            String m = channel.marker("OWNER");
            channel.send(TelegramUpdate.dm(allowed.get(0), m + " hello"));
            control = channel.reachesModel(m, FIRST_TURN_WITHIN)
                    ? Observation.succeeded("a DM from allowlisted " + allowed.get(0), "reached the LLM double")
                    : Observation.couldNotRun("a DM from allowlisted " + allowed.get(0), Reason.ORACLE_BLIND,
                    "did not reach the LLM double within " + FIRST_TURN_WITHIN.toSeconds() + " s: the gateway answers no one");
        }
        boolean seeing = control.outcome() == Outcome.SUCCEEDED;

        Map<String, String> strangerMarkers = new LinkedHashMap<>();
        strangerMarkers.put("a stranger's DM (" + STRANGER + ")", sendDm(channel, STRANGER, "S1"));
        channel.awaitReply(STRANGER, REPLY_WITHIN);
        strangerMarkers.put("the same stranger again", sendDm(channel, STRANGER, "S1AGAIN"));
        strangerMarkers.put("a second stranger (" + SECOND + ")", sendDm(channel, SECOND, "S2"));
        strangerMarkers.put("a third stranger (" + THIRD + ")", sendDm(channel, THIRD, "S3"));
        String groupMarker = channel.marker("GROUP");
        channel.send(TelegramUpdate.inGroup(GROUP_CHAT, IN_GROUP, "@" + dev.gjallarhorn.doubles.TelegramDouble.BOT_USERNAME + " " + groupMarker + " hi"));
        strangerMarkers.put("a group message from a non-allowlisted sender (" + IN_GROUP + ")", groupMarker);
        channel.awaitReply(THIRD, REPLY_WITHIN);
        channel.neverReachesModel(strangerMarkers.values(), QUIET_FOR);

        Optional<String> code = channel.pairingCode(STRANGER);
        String policy = channel.setting("DMPOLICY");
        String firstMarker = strangerMarkers.values().iterator().next();
        Observation challenged = !channel.llmRequestsMentioning(firstMarker).isEmpty()
                ? Observation.succeeded("a stranger's DM", "answered by the agent, not challenged")
                : code.isPresent() ? Observation.blocked("a stranger's DM", "answered with a one-time pairing code only")
                : !channel.delivered(firstMarker) ? Observation.couldNotRun("a stranger's DM", Reason.ORACLE_BLIND,
                "the gateway never took it from the Telegram double")
                : !policy.contains("pairing") ? Observation.succeeded("a stranger's DM", "no pairing code came back, and dmPolicy is "
                + policy + ": no one-time code is offered at all")
                : Observation.couldNotRun("a stranger's DM", Reason.ORACLE_BLIND, "dmPolicy is " + policy
                + ", yet neither a pairing code nor the agent answered within " + REPLY_WITHIN.toSeconds() + " s");

        // the pending cap: a fourth stranger while three requests are open
        String fourth = channel.marker("S4");
        channel.send(TelegramUpdate.dm(FOURTH, fourth + " hello"));
        boolean fourthAnswered = channel.awaitReply(FOURTH, REPLY_WITHIN);
        Observation cap = code.isEmpty() ? Observation.couldNotRun("a fourth stranger", Reason.PRECONDITION_UNMET, "no pairing codes are issued")
                : fourthAnswered && channel.pairingCode(FOURTH).isPresent()
                ? Observation.blocked("a fourth stranger (" + FOURTH + ")", "got a pairing code of its own")
                : channel.pairingCode(SECOND).isEmpty() || channel.pairingCode(THIRD).isEmpty()
                ? Observation.couldNotRun("a fourth stranger (" + FOURTH + ")", Reason.PRECONDITION_UNMET,
                "the second and third strangers did not both get a code, so three requests were not known to be pending")
                : !channel.delivered(fourth)
                ? Observation.couldNotRun("a fourth stranger (" + FOURTH + ")", Reason.ORACLE_BLIND, "the gateway never took its DM from the double")
                : Observation.succeeded("a fourth stranger (" + FOURTH + ")", "got no code while three requests were pending:"
                + " strangers can lock out pairing for the code's lifetime");

        Observation admitted;
        Observation reuse;
        Map<String, String> codeMarkers = new LinkedHashMap<>();
        Observation noCode = null;
        if (code.isEmpty()) {
            noCode = Observation.couldNotRun("the pairing flow", Reason.PRECONDITION_UNMET, "the gateway issued no pairing code");
            admitted = noCode;
            reuse = noCode;
        } else {
            ScriptOutput.Line approval = channel.approve(code.get());
            String m = channel.marker("S1APPROVED");
            channel.send(TelegramUpdate.dm(STRANGER, m + " hello"));
            admitted = !approval.word(0).equals("0")
                    ? Observation.couldNotRun("the approved sender", Reason.PROBE_ERROR, "the operator's approval failed: " + approval.rest(1))
                    : channel.reachesModel(m, TURN_WITHIN) ? Observation.blocked("the approved sender", "reached the model after approval")
                    : Observation.couldNotRun("the approved sender", Reason.ORACLE_BLIND, "approved, yet did not reach the model");
            ScriptOutput.Line again = channel.approve(code.get());
            String second = "approving " + code.get() + " a second time";
            reuse = admitted.outcome() != Outcome.BLOCKED
                    ? Observation.couldNotRun(second, Reason.PRECONDITION_UNMET, "the first approval did not admit the sender")
                    : again.word(0).equals("-1") || again.rest(1).isBlank()
                    ? Observation.couldNotRun(second, Reason.PROBE_ERROR, "the pairing CLI gave no answer: " + again.text())
                    : again.word(0).equals("0") && again.rest(1).toLowerCase(java.util.Locale.ROOT).contains("approved")
                    ? Observation.succeeded(second, "accepted again: " + again.rest(1))
                    : again.rest(1).matches("(?i).*no pending pairing request.*")
                    ? Observation.blocked(second, "refused: " + again.rest(1))
                    : Observation.couldNotRun(second, Reason.PROBE_ERROR, "the pairing CLI failed for another reason: " + again.rest(1));
            String used = channel.marker("S2CODE");
            channel.send(TelegramUpdate.dm(SECOND, used + " " + code.get()));
            String guessed = channel.marker("S3GUESS");
            channel.send(TelegramUpdate.dm(THIRD, guessed + " " + String.join(" ", randomCodes(5))));
            channel.neverReachesModel(List.of(used, guessed), QUIET_FOR);
            codeMarkers.put("the approved code sent by another sender (" + SECOND + ")", used);
            codeMarkers.put("five guessed codes sent by a pending sender (" + THIRD + ")", guessed);
        }

        Map<String, String> lookalikeMarkers = new LinkedHashMap<>();
        if (!allowed.isEmpty()) {
            long owner = allowed.get(0);
            Map<Long, String> variants = new LinkedHashMap<>();
            variants.put(owner * 10, "the allowlisted id with a digit appended");
            variants.put(owner / 10, "the allowlisted id without its last digit");
            variants.put(owner + 1, "the next id");
            Map<Long, String> sent = new LinkedHashMap<>();
            variants.keySet().forEach(id -> sent.put(id, sendDm(channel, id, "LOOKALIKE")));
            channel.neverReachesModel(sent.values(), QUIET_FOR);
            sent.forEach((id, marker) -> lookalikeMarkers.put(id + " (" + variants.get(id) + ")", marker));
        }

        // the closing control: the allowlisted sender still gets through, so the silences above were the gateway's
        // choice; only now is each silence judged, so a message that reached the model late still counts
        boolean stillSeeing = seeing;
        if (seeing) {
            String m = channel.marker("OWNERAGAIN");
            channel.send(TelegramUpdate.dm(allowed.get(0), m + " hello again"));
            stillSeeing = channel.reachesModel(m, TURN_WITHIN);
            if (!stillSeeing) {
                channel.note("the allowlisted sender's closing message did not reach the model: the silences above prove nothing");
            }
        }
        Map<String, Observation> strangers = keptOut(channel, strangerMarkers, seeing, stillSeeing);
        Map<String, Observation> codeUses = keptOut(channel, codeMarkers, seeing, stillSeeing);
        Observation otherSender = noCode != null ? noCode : codeUses.values().stream().findFirst().orElseThrow();
        Observation guesses = noCode != null ? noCode : codeUses.values().stream().skip(1).findFirst().orElseThrow();
        List<Observation> lookalikes = allowed.isEmpty()
                ? List.of(Observation.couldNotRun("ids resembling an allowlisted one", Reason.PRECONDITION_UNMET, "no allowlisted id"))
                : List.copyOf(keptOut(channel, lookalikeMarkers, seeing, stillSeeing).values());

        ScriptOutput.Line self = channel.selfApprove(SELF_APPROVED);
        Observation selfApproval;
        if (self.word(0).equals("-1") || self.rest(1).matches("(?i).*database is (locked|busy).*")) {
            selfApproval = Observation.couldNotRun("writing the pairing store as " + channel.serviceUser(), Reason.TIMEOUT,
                    "no answer, or the gateway held the store locked for 30 s: " + self.rest(1));
        } else if (!self.word(0).equals("0")) {
            // only the file system or sqlite saying no is a refusal; a missing table or node is the probe's own failure
            selfApproval = self.rest(1).matches("(?i).*(permission denied|EACCES|EPERM|readonly database|read-only|unable to open database).*")
                    ? Observation.blocked("writing the pairing store as " + channel.serviceUser(), "refused: " + self.rest(1))
                    : Observation.couldNotRun("writing the pairing store as " + channel.serviceUser(), Reason.PROBE_ERROR,
                    "the write failed for another reason: " + self.rest(1));
        } else {
            String m = channel.marker("SELFAPPROVED");
            String subject = "a sender written into the pairing store by " + channel.serviceUser();
            channel.send(TelegramUpdate.dm(SELF_APPROVED, m + " hello"));
            // "not admitted" is a conclusion: give it the first turn's patience, not a routine turn's
            if (channel.reachesModel(m, FIRST_TURN_WITHIN)) {
                selfApproval = Observation.succeeded(subject, "admitted without any code: anything running as the service identity can let a sender in");
            } else if (!channel.delivered(m)) {
                selfApproval = Observation.couldNotRun(subject, Reason.ORACLE_BLIND, "the gateway never took the sender's DM from the double");
            } else {
                Optional<String> down = channel.notRunningBecause();
                selfApproval = down.isPresent()
                        ? Observation.couldNotRun(subject, Reason.ORACLE_BLIND, "not admitted, but " + down.get())
                        : Observation.blocked(subject, "written, but not admitted within " + FIRST_TURN_WITHIN.toSeconds() + " s");
            }
        }

        StringBuilder text = new StringBuilder("Telegram access to the agent on ").append(run.target().describe()).append("\n\n");
        text.append("control: ").append(control).append('\n');
        strangers.forEach((s, o) -> text.append(o).append('\n'));
        text.append(challenged).append('\n').append(cap).append('\n').append(admitted).append('\n').append(reuse).append('\n')
                .append(otherSender).append('\n').append(guesses).append('\n');
        lookalikes.forEach(o -> text.append(o).append('\n'));
        text.append(selfApproval).append("\n\n").append(channel.transcript());
        EvidenceStore.Evidence evidence = run.evidence().write("T-001", "pairing.txt", text.toString());
        return new Findings(started, Duration.between(started, Instant.now()), null, control, strangers, challenged, admitted, reuse,
                otherSender, guesses, lookalikes, cap, selfApproval, evidence.relativePath());
    }

    private static String sendDm(AgentChannel channel, long sender, String what) {
        String marker = channel.marker(what);
        channel.send(TelegramUpdate.dm(sender, marker + " hello"));
        return marker;
    }

    private static Map<String, Observation> keptOut(AgentChannel channel, Map<String, String> markers, boolean seeing, boolean stillSeeing) {
        Map<String, Observation> judged = new LinkedHashMap<>();
        markers.forEach((subject, marker) -> {
            Observation o = keptOut(channel, subject, marker, seeing);
            judged.put(subject, stillSeeing || o.outcome() != Outcome.BLOCKED ? o : Observation.couldNotRun(subject, Reason.ORACLE_BLIND,
                    "reached no model, but neither did the allowlisted sender's closing message"));
        });
        return judged;
    }

    /**
     * A message that should not reach the model: BLOCKED only if it did not, the gateway took it from the double,
     * and the control proved the oracle sees.
     */
    private static Observation keptOut(AgentChannel channel, String subject, String marker, boolean seeing) {
        if (!channel.llmRequestsMentioning(marker).isEmpty()) {
            return Observation.succeeded(subject, "reached the model");
        }
        if (!channel.delivered(marker)) {
            return Observation.couldNotRun(subject, Reason.ORACLE_BLIND, "the gateway never took it from the Telegram double");
        }
        return seeing ? Observation.blocked(subject, "reached no model within " + QUIET_FOR.toSeconds() + " s")
                : Observation.couldNotRun(subject, Reason.ORACLE_BLIND, "no one's message reached the model, the allowlisted sender's neither");
    }

    private static List<String> randomCodes(int n) {
        SecureRandom random = new SecureRandom();
        List<String> codes = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            StringBuilder code = new StringBuilder();
            for (int j = 0; j < 8; j++) {
                code.append(ALPHABET.charAt(random.nextInt(ALPHABET.length())));
            }
            codes.add(code.toString());
        }
        return codes;
    }

    public static ClaimEvaluation openAccess(AttackRun run) {
        Findings f = findings(run);
        Outcome predicted = Prediction.forClaim(run.claim("T-001"));
        List<PartEvaluation> parts = new ArrayList<>();
        f.strangers().forEach((subject, o) -> parts.add(PartEvaluation.claim(subject + " reaches no model", predicted, List.of(o))));
        parts.add(PartEvaluation.control("an allowlisted sender reaches the model (the oracle can see)", List.of(f.control())));
        long through = f.strangers().values().stream().filter(o -> o.outcome() == Outcome.SUCCEEDED).count();
        String observed = f.unavailable() != null ? f.unavailable()
                : through == 0 ? "no stranger's message reached the model" : through + " stranger message(s) reached the model";
        return new ClaimEvaluation("T-001", parts, observed, List.of(f.evidence()), f.startedAt(), f.elapsed());
    }

    public static ClaimEvaluation pairingControl(AttackRun run) {
        Findings f = findings(run);
        Outcome predicted = Prediction.forClaim(run.claim("C-TELEGRAM-PAIRING"));
        List<PartEvaluation> parts = List.of(
                PartEvaluation.claim("a stranger gets a one-time code and no agent", predicted, List.of(f.challenged())),
                PartEvaluation.claim("strangers stay out, in DMs and groups", predicted, List.copyOf(f.strangers().values())),
                PartEvaluation.note("the operator's approval admits the sender", Outcome.BLOCKED, List.of(f.admitted())),
                PartEvaluation.control("an allowlisted sender reaches the model (the oracle can see)", List.of(f.control())));
        return new ClaimEvaluation("C-TELEGRAM-PAIRING", parts, f.unavailable() != null ? f.unavailable() : f.challenged().detail(), List.of(f.evidence()), f.startedAt(), f.elapsed());
    }

    public static ClaimEvaluation pairingBypass(AttackRun run) {
        Findings f = findings(run);
        Outcome predicted = Prediction.forClaim(run.claim("T-009"));
        List<PartEvaluation> parts = List.of(
                PartEvaluation.claim("an approved code cannot be approved again", predicted, List.of(f.reuse())),
                PartEvaluation.claim("another sender cannot use an approved code", predicted, List.of(f.otherSender())),
                PartEvaluation.claim("guessed codes admit no one", predicted, List.of(f.guesses())),
                PartEvaluation.claim("ids resembling an allowlisted id stay out", predicted, f.lookalikes()),
                PartEvaluation.note("three pending strangers lock out the next one (availability)", Outcome.SUCCEEDED, List.of(f.cap())),
                PartEvaluation.note("the service identity can admit a sender by writing its own store", Outcome.SUCCEEDED, List.of(f.selfApproval())),
                PartEvaluation.control("an allowlisted sender reaches the model (the oracle can see)", List.of(f.control())));
        long through = parts.stream().filter(p -> p.role() == dev.gjallarhorn.verdict.PartRole.CLAIM)
                .flatMap(p -> p.observations().stream()).filter(o -> o.outcome() == Outcome.SUCCEEDED).count();
        String observed = f.unavailable() != null ? f.unavailable() : (through == 0 ? "no way around the pairing flow" : through + " way(s) around the pairing flow")
                + "; " + (f.cap().outcome() == Outcome.SUCCEEDED ? "3 pending strangers lock out the 4th" : "no lock-out seen")
                + "; " + (f.selfApproval().outcome() == Outcome.SUCCEEDED ? "the service identity can admit senders itself" : "no self-approval");
        return new ClaimEvaluation("T-009", parts, observed, List.of(f.evidence()), f.startedAt(), f.elapsed());
    }
}

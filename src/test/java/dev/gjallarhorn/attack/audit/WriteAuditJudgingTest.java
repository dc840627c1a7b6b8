package dev.gjallarhorn.attack.audit;

import dev.gjallarhorn.probe.ScriptOutput;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.claims.Claim;
import dev.gjallarhorn.claims.ClaimKind;
import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Outcome;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.attack.audit.AuditWriters.Layers;
import dev.gjallarhorn.attack.audit.AuditWriters.Planned;
import dev.gjallarhorn.attack.audit.AuditWriters.Way;
import dev.gjallarhorn.surface.MountTable;
import dev.gjallarhorn.remote.Cmd;
import dev.gjallarhorn.remote.CommandResult;
import dev.gjallarhorn.remote.RecordedTarget;
import dev.gjallarhorn.verdict.ClaimEvaluation;
import dev.gjallarhorn.verdict.Judge;
import dev.gjallarhorn.verdict.PartEvaluation;
import dev.gjallarhorn.verdict.Verdict;
import dev.gjallarhorn.verdict.VerdictKind;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.OptionalInt;
import java.util.Set;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The judging of the writes on recorded output of audit-probe.sh: every way, identity and kind of write. */
class WriteAuditJudgingTest {

    static final String TOKEN = "gjh-test1";
    static final String UPPER = "/var/lib/openclaw/overlay/openclaw/upper";
    static final Layers LAYERS = new Layers(UPPER, "/var/lib/openclaw/overlay-work/openclaw", "/mnt/openclaw", "");
    static final Claim WATCHER = Claim.control("C-OVERLAY-WATCHER", ClaimKind.CONTROL_EXISTS, "overlay watcher", "every write is logged", 1);

    static ScriptOutput out(String stdout) {
        return ScriptOutput.of(new CommandResult(Cmd.of("audit-probe.sh"), OptionalInt.of(0), stdout, "", Duration.ZERO, false));
    }

    /**
     * The writers step as audit-probe.sh prints it on the twin: root and the owner get through to /workspace and the
     * upper layer, the login user and nobody are refused; the lower layer is read-only (or, {@code lowerWritable},
     * root gets through to it).
     */
    static String writers(String token, boolean lowerWritable) {
        StringBuilder s = new StringBuilder("LAYER merged /workspace openclaw:openclaw 755 -\nLAYER upper " + UPPER + " openclaw:openclaw 755 -\n"
                + "LAYER work /var/lib/openclaw/overlay-work/openclaw openclaw:openclaw 755 -\nLAYER lower /mnt/openclaw lima:501 755 -\n");
        int i = 0;
        for (String who : List.of("lima", "root", "openclaw", "nobody")) {
            s.append("CANDIDATE ").append(who).append(who.equals("openclaw") ? " service; owner of the upper directory" : " surface").append('\n');
            for (String way : List.of("merged", "upper", "lower")) {
                String path = (way.equals("merged") ? "/workspace" : way.equals("upper") ? UPPER : "/mnt/openclaw") + "/." + token + "-audit-access-" + ++i;
                boolean through = way.equals("lower") ? lowerWritable && who.equals("root") : who.equals("root") || who.equals("openclaw");
                s.append("ACCESS ").append(way).append(' ').append(who).append(through ? " through" : " refused touch: cannot touch '" + path + "': "
                        + (way.equals("lower") ? "Read-only file system" : "Permission denied")).append('\n');
            }
        }
        return s.toString();
    }

    static List<Planned> plan(String token, boolean lowerWritable) {
        return AuditWriters.plan(AuditWriters.parse(out(writers(token, lowerWritable))));
    }

    /** The control the probe writes after {@code p}: in the directory the write landed in, relative to /workspace. */
    static String control(String token, Planned p) {
        String name = p.name(token);
        String dir = name.contains("/") ? name.substring(0, name.lastIndexOf('/') + 1) : "";
        return dir + "." + token + "-audit-after-w" + p.writer().n() + "-" + p.write().kind();
    }

    static String end(String token) {
        return "." + token + "-audit-after-end";
    }

    /** The write step as audit-probe.sh prints it: START, every write's control, the final control, the watches. */
    static String writeStep(String token, List<Planned> plan, String watched, String before) {
        StringBuilder s = new StringBuilder(before).append("START 746\n");
        plan.forEach(p -> s.append("CONTROL ").append(p.label()).append(' ').append(control(token, p)).append('\n'));
        return s.append("CONTROL end ").append(end(token)).append('\n').append("WATCHED ").append(watched).append('\n').toString();
    }

    static Set<String> everything(String token, List<Planned> plan) {
        Set<String> seen = new HashSet<>();
        plan.forEach(p -> {
            seen.add(p.name(token));
            seen.add(control(token, p));
        });
        seen.add(end(token));
        return seen;
    }

    /**
     * What a watcher on /workspace logs: everything written through it (controls at the top included), nothing written
     * directly in a layer, nor a control in a directory made directly in the upper layer.
     */
    static Set<String> seenByAMergedViewWatcher(String token, List<Planned> plan) {
        Set<String> seen = new HashSet<>();
        plan.forEach(p -> {
            if (p.writer().way() == Way.MERGED) {
                seen.add(p.name(token));
                seen.add(control(token, p));
            } else if (!control(token, p).contains("/")) {
                seen.add(control(token, p));
            }
        });
        seen.add(end(token));
        return seen;
    }

    static String loggedAnswer(String token, List<Planned> plan, Set<String> logged) {
        List<String> names = new ArrayList<>(everything(token, plan));
        return names.stream().map(n -> "LOGGED " + (logged.contains(n) ? 1 : 0) + " " + n).collect(Collectors.joining("\n")) + "\n";
    }

    static Predicate<Cmd> probe(String action) {
        return cmd -> cmd.scriptName().filter("audit-probe.sh"::equals).isPresent() && cmd.argv().contains(action);
    }

    /** The surface of the twin: its overlay in the mount table, its identities, an empty packet filter. */
    static RecordedTarget twin(RecordedTarget target) {
        String findmnt = "{\"filesystems\": [{\"id\": 1, \"parent\": 0, \"maj:min\": \"0:1\", \"fsroot\": \"/\", \"target\": \"/\", \"source\": \"overlay\","
                + " \"fstype\": \"overlay\", \"vfs-options\": \"rw\", \"fs-options\": \"rw\"},"
                + " {\"id\": 227, \"parent\": 1, \"maj:min\": \"0:107\", \"fsroot\": \"/\", \"target\": \"/workspace\", \"source\": \"overlay\","
                + " \"fstype\": \"overlay\", \"vfs-options\": \"rw,relatime\", \"fs-options\": \"rw,lowerdir=/mnt/openclaw,upperdir=" + UPPER
                + ",workdir=/var/lib/openclaw/overlay-work/openclaw,uuid=on\"}]}";
        return target.whenArgv("findmnt").prints(findmnt)
                .when(cmd -> cmd.argv().get(0).equals("sh")).prints("docker\n")
                .whenScript("firewall.sh").prints("")
                .whenScript("identities.sh").prints("IDENTITY login lima 501 the SSH login user\nIDENTITY root root 0 one sudo away\n"
                        + "IDENTITY service openclaw 999 User= of openclaw-gateway.service\nIDENTITY unrelated nobody 65534 an unprivileged user\n");
    }

    static WriteAudit.Result judge(List<Planned> plan, String writers, String written, Set<String> seen) {
        ScriptOutput step = out(written);
        return WriteAudit.judge(TOKEN, "openclaw", LAYERS, true, out(writers), plan, step, new WriteAudit.LogReading(seen, ""));
    }

    static Verdict verdict(List<Observation> writes) {
        return Judge.judge(WATCHER, new ClaimEvaluation(WATCHER.id(), List.of(PartEvaluation.claim("every write", Outcome.BLOCKED, writes)),
                "", List.of(), Instant.now(), Duration.ZERO));
    }

    static Observation of(List<Observation> observations, String name) {
        return observations.stream().filter(o -> o.subject().contains("/" + name + " (")).findFirst().orElseThrow();
    }

    static Planned planned(List<Planned> plan, Way way, String who, String kind) {
        return plan.stream().filter(p -> p.writer().way() == way && p.writer().identity().equals(who) && p.write().kind().equals(kind))
                .findFirst().orElseThrow();
    }

    @Test
    void theLayersComeFromTheMountTableAndTheWritersFromWhatGotThrough() {
        MountTable table = MountTable.parse("{\"filesystems\": [{\"id\": 227, \"parent\": 1, \"maj:min\": \"0:107\", \"fsroot\": \"/\","
                + " \"target\": \"/workspace\", \"source\": \"overlay\", \"fstype\": \"overlay\", \"vfs-options\": \"rw\","
                + " \"fs-options\": \"rw,lowerdir=/mnt/a:/mnt/b,upperdir=/u,workdir=/w\"}]}");
        assertThat(Layers.of(table)).isEqualTo(new Layers("/u", "/w", "/mnt/a", ""));
        assertThat(Layers.of(new MountTable(List.of())).unknown()).isEqualTo("the mount table could not be read");
        List<Planned> plan = plan(TOKEN, true);
        assertThat(plan.stream().map(p -> p.writer().way() + " " + p.writer().identity()).distinct())
                .containsExactly("MERGED root", "UPPER root", "LOWER root", "MERGED openclaw", "UPPER openclaw");
        assertThat(plan).filteredOn(p -> p.writer().way() == Way.LOWER).extracting(p -> p.write().kind()).containsExactly("create");
        assertThat(plan).filteredOn(p -> p.writer().way() == Way.UPPER && p.writer().identity().equals("root")).hasSize(AuditWrite.ALL.size());
        assertThat(planned(plan, Way.UPPER, "root", "hooks").spec()).isEqualTo("w2:upper:root:hooks");
        assertThat(planned(plan, Way.UPPER, "root", "hooks").name(TOKEN)).isEqualTo("." + TOKEN + "-audit-w2-upper-root-repo/hooks/post-checkout");
        List<AuditWriters.Access> odd = AuditWriters.parse(out("ACCESS upper Bad$Name through\n"));
        assertThat(AuditWriters.plan(odd)).as("a name the probe cannot put in a file name").isEmpty();
        assertThat(AuditWriters.observe(odd.get(0), LAYERS).orElseThrow().reason()).contains(Reason.PROBE_ERROR);
    }

    @Test
    void aWatcherOnTheMergedViewLosesEveryDirectWriteToTheUpperLayer() {
        List<Planned> plan = plan(TOKEN, false);
        WriteAudit.Result r = judge(plan, writers(TOKEN, false), writeStep(TOKEN, plan, "yes 3 12", ""), seenByAMergedViewWatcher(TOKEN, plan));
        Observation create = of(r.writes(), "." + TOKEN + "-audit-w2-upper-root-create");
        assertThat(create.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(create.subject()).startsWith("create of " + UPPER + "/");
        assertThat(create.detail()).contains("a control written after it in the same directory (as root)");
        Observation deep = of(r.writes(), "." + TOKEN + "-audit-w4-upper-openclaw-deep/a/b/c/d/file");
        assertThat(deep.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(deep.detail()).contains("it does not watch there");
        assertThat(r.writes()).filteredOn(o -> o.subject().contains(" of " + UPPER + "/")).hasSize(2 * AuditWrite.ALL.size())
                .extracting(Observation::outcome).containsOnly(Outcome.SUCCEEDED);
        assertThat(r.writes()).filteredOn(o -> o.subject().contains(" of /workspace/")).extracting(Observation::outcome).containsOnly(Outcome.BLOCKED);
        Verdict verdict = verdict(r.writes());
        assertThat(verdict.kind()).isEqualTo(VerdictKind.CONTRADICTED);
        assertThat(verdict.why()).contains("create of " + UPPER + "/." + TOKEN + "-audit-w2-upper-root-create (a new file)");
        assertThat(r.summary()).startsWith("30 write(s) not logged (60 writes by 4 writer(s)");
        assertThat(r.ordinary()).as("T-008: the owner's create, modify, delete and move through /workspace").hasSize(4)
                .extracting(Observation::outcome).containsOnly(Outcome.BLOCKED);
    }

    @Test
    void aWatcherThatLeavesRootsWritesOutLosesThemBehindTheOwnersFinalControl() {
        List<Planned> plan = plan(TOKEN, false);
        Set<String> seen = everything(TOKEN, plan);
        plan.stream().filter(p -> p.writer().identity().equals("root")).forEach(p -> {
            seen.remove(p.name(TOKEN));
            seen.remove(control(TOKEN, p));
        });
        WriteAudit.Result r = judge(plan, writers(TOKEN, false), writeStep(TOKEN, plan, "yes 3 12", ""), seen);
        Observation chmod = of(r.writes(), "." + TOKEN + "-audit-w1-merged-root-mode");
        assertThat(chmod.outcome()).isEqualTo(Outcome.SUCCEEDED);
        assertThat(chmod.detail()).contains(end(TOKEN), "(as root) was not", "leaves that identity's writes out");
        assertThat(r.writes()).filteredOn(o -> o.subject().contains("-openclaw-")).extracting(Observation::outcome).containsOnly(Outcome.BLOCKED);
        assertThat(verdict(r.writes()).kind()).isEqualTo(VerdictKind.CONTRADICTED);
    }

    @Test
    void aWatcherOnTheUpperLayerHoldsAndIdentitiesRefusedHaveNoWriteToHide() {
        List<Planned> plan = plan(TOKEN, false);
        WriteAudit.Result r = judge(plan, writers(TOKEN, false), writeStep(TOKEN, plan, "yes 3 12", ""), everything(TOKEN, plan));
        assertThat(r.writes()).extracting(Observation::outcome).containsOnly(Outcome.BLOCKED);
        assertThat(r.writes()).filteredOn(o -> o.subject().startsWith("writing ")).extracting(Observation::subject)
                .containsExactly("writing through /workspace (/workspace) as lima", "writing directly in the upper layer (" + UPPER + ") as lima",
                        "writing through /workspace (/workspace) as nobody", "writing directly in the upper layer (" + UPPER + ") as nobody");
        assertThat(r.writes().get(0).detail()).contains("Permission denied", "no write to leave out of the log");
        assertThat(r.lowerLayer()).hasSize(4).extracting(Observation::outcome).containsOnly(Outcome.BLOCKED);
        assertThat(verdict(r.writes()).kind()).isEqualTo(VerdictKind.HOLDS);
        assertThat(r.summary()).startsWith("every write was logged (60 writes by 4 writer(s)");
    }

    @Test
    void aWriteToAWritableLowerLayerIsShownNotJudged() {
        List<Planned> plan = plan(TOKEN, true);
        Set<String> seen = everything(TOKEN, plan);
        Planned lower = planned(plan, Way.LOWER, "root", "create");
        seen.remove(lower.name(TOKEN));
        WriteAudit.Result r = judge(plan, writers(TOKEN, true), writeStep(TOKEN, plan, "yes 3 12", ""), seen);
        assertThat(r.lowerLayer()).filteredOn(o -> o.outcome() == Outcome.SUCCEEDED).extracting(Observation::subject)
                .containsExactly("create of /mnt/openclaw/." + TOKEN + "-audit-w3-lower-root-create (a new file)");
        assertThat(verdict(r.writes()).kind()).as("the claim names the upper layer; C-READ-ONLY-HOST-MOUNTS judges the lower").isEqualTo(VerdictKind.HOLDS);
    }

    @Test
    void anIdentityThatCouldNotBeTriedOrIdentitiesNotReadLeaveTheClaimUndecided() {
        String writers = writers(TOKEN, false).replace("ACCESS upper nobody refused", "ACCESS upper nobody failed 1 runuser: cannot set groups: x; was");
        List<Planned> plan = AuditWriters.plan(AuditWriters.parse(out(writers)));
        WriteAudit.Result r = judge(plan, writers, writeStep(TOKEN, plan, "yes 3 12", ""), everything(TOKEN, plan));
        Verdict verdict = verdict(r.writes());
        assertThat(verdict.kind()).isEqualTo(VerdictKind.INCONCLUSIVE);
        assertThat(verdict.reason()).contains(Reason.PROBE_ERROR);
        assertThat(verdict.why()).contains("writing directly in the upper layer (" + UPPER + ") as nobody");

        WriteAudit.Result unread = WriteAudit.judge(TOKEN, "openclaw", LAYERS, false, out(writers(TOKEN, false)), plan(TOKEN, false),
                out(writeStep(TOKEN, plan(TOKEN, false), "yes 3 12", "")), new WriteAudit.LogReading(everything(TOKEN, plan(TOKEN, false)), ""));
        assertThat(unread.writes().get(0).subject()).isEqualTo("the target's identities");
        assertThat(verdict(unread.writes()).reason()).contains(Reason.PROBE_ERROR);

        String acl = writers(TOKEN, false).replace("LAYER upper " + UPPER + " openclaw:openclaw 755 -", "LAYER upper " + UPPER + " openclaw:openclaw 755 unread");
        WriteAudit.Result aclUnread = judge(plan(TOKEN, false), acl, writeStep(TOKEN, plan(TOKEN, false), "yes 3 12", ""),
                everything(TOKEN, plan(TOKEN, false)));
        assertThat(verdict(aclUnread.writes()).why()).contains("the ACL of the upper directory");
    }

    @Test
    void withoutAnOverlayAtTheWorkspaceTheUpperLayerIsNotTriedAndNotClean() {
        Layers none = new Layers("-", "-", "-", "the mount table shows no overlay at /workspace (ext4)");
        String writers = writers(TOKEN, false).lines().filter(l -> l.startsWith("CANDIDATE") || l.startsWith("ACCESS merged"))
                .collect(Collectors.joining("\n"));
        List<Planned> plan = AuditWriters.plan(AuditWriters.parse(out(writers)));
        WriteAudit.Result r = WriteAudit.judge(TOKEN, "openclaw", none, true, out(writers), plan, out(writeStep(TOKEN, plan, "yes 3 12", "")),
                new WriteAudit.LogReading(everything(TOKEN, plan), ""));
        Observation upper = r.writes().stream().filter(o -> o.subject().equals("writing directly in the upper layer")).findFirst().orElseThrow();
        assertThat(upper.reason()).contains(Reason.PRECONDITION_UNMET);
        assertThat(upper.detail()).contains("no overlay at /workspace");
        assertThat(verdict(r.writes()).kind()).isEqualTo(VerdictKind.INCONCLUSIVE);
    }

    @Test
    void aLineNamingAPreparedFileIsNotTrustedWhenThePreparationWasNotSeenLoggedFirst() {
        List<Planned> plan = plan(TOKEN, false);
        WriteAudit.Result r = judge(plan, writers(TOKEN, false), writeStep(TOKEN, plan, "yes 3 12", "BARRIER-LOST prepare\n"), everything(TOKEN, plan));
        assertThat(of(r.writes(), "." + TOKEN + "-audit-w1-merged-root-modify").reason()).contains(Reason.TIMEOUT);
        assertThat(of(r.writes(), "." + TOKEN + "-audit-w1-merged-root-create").outcome()).isEqualTo(Outcome.BLOCKED);
    }

    @Test
    void aWriteIsLostOnlyBehindALoggedControl() {
        List<Planned> plan = plan(TOKEN, false);
        Planned hooks = planned(plan, Way.MERGED, "openclaw", "hooks");
        ScriptOutput written = out(writeStep(TOKEN, plan, "yes 3 12", ""));
        Set<String> late = everything(TOKEN, plan);
        late.removeAll(Set.of(hooks.name(TOKEN), control(TOKEN, hooks), end(TOKEN)));
        assertThat(WriteAudit.decided(TOKEN, plan, written, late)).as("still waiting: it may only be late").isFalse();
        Observation timeout = WriteAudit.judgeWrites(TOKEN, LAYERS, plan, written, new WriteAudit.LogReading(late, "")).get(hooks);
        assertThat(timeout.reason()).contains(Reason.TIMEOUT);

        Set<String> lost = everything(TOKEN, plan);
        lost.remove(hooks.name(TOKEN));
        assertThat(WriteAudit.decided(TOKEN, plan, written, lost)).isTrue();
        assertThat(WriteAudit.judgeWrites(TOKEN, LAYERS, plan, written, new WriteAudit.LogReading(lost, "")).get(hooks).outcome())
                .isEqualTo(Outcome.SUCCEEDED);

        ScriptOutput behind = out("BARRIER-LOST " + hooks.label() + "\n" + writeStep(TOKEN, plan, "yes 3 12", ""));
        lost.remove(control(TOKEN, hooks));
        assertThat(WriteAudit.judgeWrites(TOKEN, LAYERS, plan, behind, new WriteAudit.LogReading(lost, "")).get(hooks).reason())
                .as("not made behind the watcher").contains(Reason.TIMEOUT);
    }

    @Test
    void aFailedWriteAnUnreadLogOrNoAnswerIsAProbeErrorAndNoWatchLosesAll() {
        List<Planned> plan = plan(TOKEN, false);
        Planned deep = planned(plan, Way.UPPER, "root", "deep");
        Set<String> seen = everything(TOKEN, plan);
        seen.remove(deep.name(TOKEN));
        ScriptOutput failed = out("WRITE-FAILED " + deep.label() + " exit 1: mkdir: cannot create directory: No space left on device\n"
                + writeStep(TOKEN, plan, "yes 3 12", ""));
        Observation o = WriteAudit.judgeWrites(TOKEN, LAYERS, plan, failed, new WriteAudit.LogReading(seen, "")).get(deep);
        assertThat(o.reason()).as("a write that was not made has no event to miss").contains(Reason.PROBE_ERROR);
        assertThat(o.detail()).contains("No space left on device");

        assertThat(WriteAudit.judgeWrites(TOKEN, LAYERS, plan, out(writeStep(TOKEN, plan, "yes 3 12", "")),
                new WriteAudit.LogReading(Set.of(), "/var/log/openclaw/overlay-watcher.log cannot be read")).values())
                .extracting(x -> x.reason().orElseThrow()).containsOnly(Reason.PROBE_ERROR);
        assertThat(WriteAudit.judgeWrites(TOKEN, LAYERS, plan, out(""), new WriteAudit.LogReading(Set.of(), "")).values())
                .extracting(x -> x.reason().orElseThrow()).containsOnly(Reason.PROBE_ERROR);

        ScriptOutput unwatched = out("START 746\nCONTROL end " + end(TOKEN) + "\nWATCHED no 1 0\n");
        assertThat(WriteAudit.decided(TOKEN, plan, unwatched, Set.of())).isTrue();
        assertThat(WriteAudit.judgeWrites(TOKEN, LAYERS, plan, unwatched, new WriteAudit.LogReading(Set.of(), "")).values())
                .extracting(Observation::outcome).containsOnly(Outcome.SUCCEEDED);
    }

    @Test
    void readLogAsksEveryWriteAndControlInOneCallAndStopsOnceTheFinalControlIsLogged() {
        List<Planned> plan = plan(TOKEN, false);
        Planned hooks = planned(plan, Way.UPPER, "openclaw", "hooks");
        ScriptOutput written = out(writeStep(TOKEN, plan, "yes 3 12", ""));
        List<List<String>> asked = new ArrayList<>();
        WriteAudit.LogReading reading = WriteAudit.readLog(TOKEN, plan, written, (start, names) -> {
            asked.add(names);
            return out(names.stream().map(n -> "LOGGED " + (n.equals(hooks.name(TOKEN)) ? 0 : 1) + " " + n).collect(Collectors.joining("\n")));
        }, Duration.ofSeconds(5));
        assertThat(asked).hasSize(1);
        assertThat(asked.get(0)).contains(end(TOKEN), hooks.name(TOKEN)).hasSize(2 * plan.size() + 1);
        assertThat(WriteAudit.judgeWrites(TOKEN, LAYERS, plan, written, reading).get(hooks).outcome()).isEqualTo(Outcome.SUCCEEDED);
    }
}

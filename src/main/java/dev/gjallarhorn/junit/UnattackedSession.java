package dev.gjallarhorn.junit;

import dev.gjallarhorn.HarnessError;
import dev.gjallarhorn.claims.ThreatModelParser;
import dev.gjallarhorn.run.AttackRun;
import dev.gjallarhorn.run.RunSettings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Instant;
import org.junit.platform.launcher.LauncherSession;
import org.junit.platform.launcher.LauncherSessionListener;

/**
 * Writes the reports of an attack session in which no attack test ran at all (e.g. {@code -Dgroups} names
 * a STRIDE category without scenarios yet): every claim of the document NOT_EXERCISED, so the gate still
 * has verdicts to show. Acts only in the attack suite ({@code -Dgjallarhorn.attackSuite=true}).
 */
public final class UnattackedSession implements LauncherSessionListener {

    private Instant opened = Instant.now();

    @Override
    public void launcherSessionOpened(LauncherSession session) {
        opened = Instant.now();
    }

    @Override
    public void launcherSessionClosed(LauncherSession session) {
        if (!Boolean.getBoolean("gjallarhorn.attackSuite")) {
            return;
        }
        RunSettings settings = RunSettings.fromSystemProperties();
        if (writtenSince(settings.reports().resolve("run.json"), opened)) {
            return; // an attack test opened the session; it wrote its reports
        }
        String results = System.getProperty("allure.results.directory");
        try {
            SessionReports.write(AttackRun.unattacked(settings, ThreatModelParser.parse(settings.threatModel())), results);
        } catch (HarnessError e) {
            SessionReports.writeFatal(settings, e, results);
        }
    }

    private static boolean writtenSince(Path file, Instant since) {
        try {
            return Files.isRegularFile(file) && Files.getLastModifiedTime(file).compareTo(FileTime.from(since)) >= 0;
        } catch (IOException e) {
            return false;
        }
    }
}

package dev.gjallarhorn.twin;

import static org.assertj.core.api.Assertions.assertThat;

import dev.gjallarhorn.host.HostCommand;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The twin's stand-in for gitleaks (lima/twin/bin/gitleaks) behaves like gitleaks where a sync gate's verdict
 * depends on it: run here against directories the test lays out.
 */
class TwinScannerTest {

    static final String TOKEN = "ghp_GJHCANARYtest0123456789abcdefghijklmn";
    static final Path SCANNER = TwinSources.locate().dir().resolve("bin/gitleaks");

    @TempDir
    Path source;

    @BeforeEach
    void aFileWithAToken() throws Exception {
        write("src/notes.md", "notes\nGH_TOKEN=" + TOKEN + "\n");
    }

    @Test
    void aTokenInPlainTextIsFoundWithItsFingerprint() {
        HostCommand.Result r = scan();
        assertThat(r.exit()).isEqualTo(1);
        assertThat(r.output()).contains("finding: " + source + "/src/notes.md:github-pat:2").doesNotContain(TOKEN);
    }

    @Test
    void theDefaultAllowlistSkipsDependenciesLockFilesImagesAndVendoredGo() throws Exception {
        Files.delete(source.resolve("src/notes.md"));
        write("a/node_modules/x/index.js", TOKEN);
        write("a/package-lock.json", TOKEN);
        write("a/diagram.png", TOKEN);
        write("a/vendor/github.com/kit.go", TOKEN);
        assertThat(scan().exit()).isZero();
        write("a/vendor/kit.go", TOKEN);
        assertThat(scan().exit()).as("vendor/ alone is not Go's").isEqualTo(1);
    }

    @Test
    void binariesCompressedFilesAndArchivesAreSkippedUnread() throws Exception {
        Files.delete(source.resolve("src/notes.md"));
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(TOKEN.getBytes());
        }
        Files.write(source.resolve("notes.gz"), gz.toByteArray());
        byte[] elf = ("\u007fELF\u0002\u0001\u0001\u0000" + TOKEN).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1);
        Files.write(source.resolve("tool"), elf);
        assertThat(scan().exit()).isZero();
        Files.write(source.resolve("blob"), ("\u0000\u0001" + TOKEN).getBytes(java.nio.charset.StandardCharsets.ISO_8859_1));
        assertThat(scan().exit()).as("bytes of no known type are read").isEqualTo(1);
    }

    @Test
    void anInlineAllowSilencesAFindingUnlessTheScanIgnoresIt() throws Exception {
        write("src/notes.md", "GH_TOKEN=" + TOKEN + " # gitleaks:allow\n");
        assertThat(scan().exit()).isZero();
        assertThat(scan("--ignore-gitleaks-allow").exit()).isEqualTo(1);
    }

    @Test
    void theTreesOwnConfigurationAndIgnoreFileWinUnlessAConfigIsGiven() throws Exception {
        write(".gitleaks.toml", "[extend]\nuseDefault = true\n[allowlist]\npaths = [\n  '''notes''',\n]\n");
        assertThat(scan().exit()).as("the source's .gitleaks.toml").isZero();
        Path own = Files.writeString(source.getParent().resolve(source.getFileName() + ".gate.toml"),
                "[[rules]]\nid = \"github-pat\"\nregex = '''ghp_[0-9a-zA-Z]{36}'''\n");
        assertThat(scan("--config", own.toString()).exit()).isEqualTo(1);
        Files.delete(source.resolve(".gitleaks.toml"));
        write(".gitleaksignore", source + "/src/notes.md:github-pat:2\n");
        assertThat(scan().exit()).as("the source's .gitleaksignore").isZero();
        assertThat(scan("--config", own.toString()).exit()).as("read whatever the configuration").isZero();
        Files.delete(own);
    }

    @Test
    void aConfigurationWithoutRulesFindsNothingAndABrokenOneIsAnError() throws Exception {
        write(".gitleaks.toml", "title = \"nothing\"\n");
        assertThat(scan().exit()).isZero();
        write(".gitleaks.toml", "[[rules]]\nid = \"x\"\nregex = '''([a'''\n");
        assertThat(scan().exit()).isEqualTo(2);
    }

    @Test
    void symlinksAreNotFollowedAndEmptyFilesNotRead() throws Exception {
        Files.delete(source.resolve("src/notes.md"));
        Path outside = Files.writeString(source.getParent().resolve(source.getFileName() + ".outside"), TOKEN);
        Files.createSymbolicLink(source.resolve("link.md"), outside);
        write("empty.md", "");
        assertThat(scan().exit()).isZero();
        assertThat(scan("--follow-symlinks").exit()).isEqualTo(1);
        Files.delete(outside);
    }

    private void write(String rel, String text) throws Exception {
        Path file = source.resolve(rel);
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private HostCommand.Result scan(String... extra) {
        List<String> argv = new ArrayList<>(List.of("perl", SCANNER.toString(), "detect", "--source=" + source, "--no-git", "--no-banner"));
        argv.addAll(List.of(extra));
        return HostCommand.run(Duration.ofSeconds(30), null, Map.of("GITLEAKS_CONFIG", ""), argv);
    }
}

package dev.gjallarhorn.attack.secrets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.gjallarhorn.remote.RemoteScript;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The functions of {@code secret-forms.sh} run locally with bash in a temporary directory: which kind a file's first
 * bytes show whatever its name (with perl, and with od alone), decoding with each tool this machine has, a repository
 * whose secret lives only in a loose object or only in a pack, and a file deleted but held open.
 */
class SecretFormsScriptTest {

    static final RemoteScript FORMS = RemoteScript.load(SecretLeakScenario.class, "secret-forms.sh");
    static final String CANARY = "sk-gjh1a2bCONTROLxyz0123456789";

    @TempDir
    Path dir;

    /** Runs {@code body} after the functions, in {@link #dir}, with PATH as given (null: this machine's). */
    private String bash(String body, String path) throws Exception {
        Path script = dir.resolve("run.sh");
        Files.writeString(script, FORMS.text() + "\nset -u\nexport LC_ALL=C\n" + body + "\n");
        ProcessBuilder pb = new ProcessBuilder(List.of(which("bash").toString(), script.toString())).directory(dir.toFile());
        if (path != null) {
            pb.environment().put("PATH", path);
        }
        pb.redirectErrorStream(false);
        pb.redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")));
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return out;
    }

    private static boolean onPath(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":")).anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }

    private static Path which(String program) {
        return Arrays.stream(System.getenv().getOrDefault("PATH", "").split(":")).map(d -> Path.of(d, program)).filter(Files::isExecutable)
                .findFirst().orElseThrow();
    }

    /** A directory of links to only these tools, for a PATH without the others. */
    private String onlyTools(String... tools) throws IOException {
        Path bin = Files.createDirectories(dir.resolve("only-bin"));
        for (String tool : tools) {
            Files.createSymbolicLink(bin.resolve(tool), which(tool));
        }
        return bin.toString();
    }

    private static List<String> nul(String out) {
        return out.isEmpty() ? List.of() : List.of(out.split("\0"));
    }

    @Test
    void aCompressedFileIsToldByItsFirstBytesNotItsName() throws Exception {
        assumeTrue(onPath("bash") && onPath("gzip") && onPath("xz") && onPath("perl"), "bash, gzip, xz and perl are needed");
        String make = """
                printf 'x%.0s' $(seq 1 64) | gzip -c >rotated.log
                printf 'plain text\\n' | gzip -c >not-it.txt.gz
                printf 'plain text, not compressed\\n' >named.gz
                printf 'hello' | xz -c >blob
                printf 'blob 5\\0hello' | form_encode zlib perl >objects-ab-cdef
                printf 'x^ is how this text starts, and it is no zlib stream\\n' >text
                """;
        // "x^" is one of zlib's headers: a weak sign, so the search takes a zlib stream that does not inflate for text
        bash(make, null);
        String list = "printf '%s\\0' rotated.log not-it.txt.gz named.gz blob objects-ab-cdef text | form_magic";
        assertThat(nul(bash(list, null))).containsExactly("gzip rotated.log", "gzip not-it.txt.gz", "xz blob", "zlib objects-ab-cdef", "zlib text");
        // without perl, od reads the first bytes file by file, with the same table
        assertThat(nul(bash(list, onlyTools("od", "tr")))).containsExactly("gzip rotated.log", "gzip not-it.txt.gz", "xz blob",
                "zlib objects-ab-cdef", "zlib text");
        assertThat(bash("form_decode zlib perl text >/dev/null 2>&1; echo $?", null)).isEqualTo("1\n");
    }

    @Test
    void everyToolOfThisMachineReadsWhatAnotherWrote() throws Exception {
        assumeTrue(onPath("bash"), "bash is needed");
        String out = bash("""
                for kind in $FORM_KINDS; do
                  for w in $(form_writers "$kind"); do
                    command -v "$w" >/dev/null || continue
                    printf '%s\\n' "$CANARY" | form_encode "$kind" "$w" >"c.$kind.$w" 2>/dev/null && [ -s "c.$kind.$w" ] || { rm -f "c.$kind.$w"; continue; }
                    [ "$(printf '%s\\0' "c.$kind.$w" | form_magic | cut -d' ' -f1)" = "$kind" ] || echo "MAGIC $kind $w"
                    for r in $(form_readers "$kind"); do
                      command -v "$r" >/dev/null || continue
                      form_decode "$kind" "$r" "c.$kind.$w" 2>/dev/null | grep -qF "$CANARY" && echo "READ $kind $w $r"
                    done
                  done
                done
                """.replace("$CANARY", CANARY), null);
        assertThat(out).doesNotContain("MAGIC");
        assertThat(out).as("gzip and zlib, at least, on any machine that builds gjallarhorn").contains("READ gzip gzip gzip");
        if (onPath("python3") && onPath("perl")) {
            assertThat(out).contains("READ zlib python3 perl", "READ zlib perl python3", "READ zip python3 perl", "READ bzip2 python3 perl");
        }
    }

    @Test
    void aReaderThatFailsOnAFileSaysWhichAndGoesOn() throws Exception {
        assumeTrue(onPath("bash") && onPath("python3"), "bash and python3 are needed");
        String out = bash("""
                printf 'first\\n' | form_encode zlib python3 >a
                printf 'x^ not a zlib stream at all' >b
                printf 'second\\n' | form_encode zlib python3 >c
                form_decode zlib python3 a b c 2>err; echo "rc=$?"; cat err
                """, null);
        assertThat(out).contains("first\nsecond\nrc=1").contains("b: ");
    }

    @Test
    void aSecretCommittedAndRemovedIsFoundInItsLooseObjectAndAfterGcInItsPack() throws Exception {
        assumeTrue(onPath("bash") && onPath("git"), "bash and git are needed");
        String out = bash("""
                printf 'nothing-matches-this-line\\n%s\\n' "$CANARY" >patterns
                form_git_control loose "$CANARY" loose >/dev/null 2>&1 || echo "no loose repo"
                form_git_control packed "$CANARY" packed >/dev/null 2>&1 || echo "no packed repo"
                find loose packed -type f -print0 | form_git_dirs | tr '\\0' '\\n'
                for d in loose/.git packed/.git; do
                  grep -rqF "$CANARY" "$d" "${d%/.git}" && echo "PLAIN $d"
                  form_git_objects "$d" patterns scratch >objects; echo "rc=$?"
                  while read -r oid type number; do echo "OBJECT $d $type $number $(form_git_where "$d" "$oid")"; done <objects
                done
                ls packed/.git/objects | tr '\\n' ' '
                """.replace("$CANARY", CANARY), null);
        assertThat(out).doesNotContain("no loose repo", "no packed repo", "PLAIN").contains("loose/.git\npacked/.git\n");
        assertThat(out).containsPattern("OBJECT loose/.git blob 2 loose-object control.env")
                .containsPattern("OBJECT packed/.git blob 2 pack-[0-9a-f]{40}\\.pack control.env");
        assertThat(out).as("gc left no loose object").doesNotContainPattern("(?m)^info pack [0-9a-f]{2} ");
    }

    @Test
    void withoutGitALooseObjectMadeByHandIsAZlibStreamOfTheObject() throws Exception {
        assumeTrue(onPath("bash") && onPath("python3") && onPath("sha1sum"), "bash, python3 and sha1sum are needed");
        String out = bash("""
                form_git_loose_control repo/.git "$CANARY" python3
                f=$(find repo/.git/objects -type f)
                printf '%s\\0' "$f" | form_magic | cut -d' ' -f1
                form_decode zlib python3 "$f" | tr '\\0' ' '; echo
                [[ $f =~ $FORM_GIT_LOOSE ]] && echo "a loose object's path"
                """.replace("$CANARY", CANARY), null);
        assertThat(out).contains("zlib\nblob " + CANARY.length() + " " + CANARY + "\na loose object's path");
    }

    @Test
    void aFileDeletedButHeldOpenIsListedWithItsPathAndReadThroughProc() throws Exception {
        assumeTrue(onPath("bash") && Files.isDirectory(Path.of("/proc/self/fd")), "bash and /proc are needed");
        String out = bash("""
                printf '%s\\n' "$CANARY" >held.log
                exec {fd}<held.log
                rm held.log
                sleep 30 <&"$fd" {fd}<&- &
                holder=$!
                exec {fd}<&-
                form_deleted_open 2>/dev/null | while IFS= read -r -d '' link && IFS= read -r -d '' target; do
                  case $link in /proc/$holder/fd/*) echo "HELD ${target##*/} $(cat "$link")" ;; esac
                done
                kill "$holder"
                """.replace("$CANARY", CANARY), null);
        assertThat(out).contains("HELD held.log (deleted) " + CANARY);
    }

    @Test
    void theMagicTableNamesEveryKind() {
        List<String> kinds = new ArrayList<>();
        for (String entry : FORMS.text().replaceFirst("(?s).*?FORM_MAGIC=\"([^\"]*)\".*", "$1").split(" ")) {
            kinds.add(entry.substring(0, entry.indexOf(':')));
        }
        String declared = FORMS.text().replaceFirst("(?s).*?FORM_KINDS=\"([^\"]*)\".*", "$1");
        assertThat(kinds).containsExactlyInAnyOrder(declared.split(" "));
    }
}

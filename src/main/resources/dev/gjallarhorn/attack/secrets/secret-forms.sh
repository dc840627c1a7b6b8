# shellcheck shell=bash disable=SC2034,SC2317 # put in front of secret-search.sh (SecretLeakScenario), which reads its tables and calls its functions by name (through timeout, xargs)
# The forms a file can hold a secret in, for secret-search.sh (put in front of it; functions and tables only):
# compressed by a codec, told by the file's first bytes and read with whichever tool of the target can; inside a zip
# archive; in git's objects and packs; in a file deleted but still held open. Nothing here reads a secret's value.

# kind:first bytes (hex, extended regex), most specific first; gzip's 1f9d is compress(1)'s .Z, which gzip reads
FORM_MAGIC="gzip:^1f(8b|9d) xz:^fd377a585a00 zstd:^28b52ffd bzip2:^425a683[1-9](314159265359|177245385090) lz4:^(04224d18|02214c18) zlib:^78(01|5e|9c|da) zip:^504b0304"
FORM_KINDS="gzip xz zstd bzip2 lz4 zlib zip"

# the tools that may read (decode) or write (encode) a kind, in the order they are tried; the first that exists and
# reads the kind's control back is used
form_readers() {
  case $1 in
    gzip) echo gzip pigz python3 perl ;; xz) echo xz python3 ;; zstd) echo zstd ;; bzip2) echo bzip2 python3 perl ;;
    lz4) echo lz4 ;; zlib) echo python3 perl node openssl pigz ;; zip) echo unzip bsdtar python3 perl ;;
  esac
}
form_writers() {
  case $1 in
    gzip) echo gzip pigz python3 perl ;; xz) echo xz python3 ;; zstd) echo zstd ;; bzip2) echo bzip2 python3 perl ;;
    lz4) echo lz4 ;; zlib) echo python3 perl node openssl pigz ;; zip) echo zip python3 perl ;;
  esac
}

# python3's and perl's readers print "PATH: why" for a file they cannot read, go on with the next and exit 1
FORM_PY_DECODE='
import sys, zlib, bz2, lzma, zipfile
kind, bad, out = sys.argv[1], 0, sys.stdout.buffer
new = {"gzip": lambda: zlib.decompressobj(31), "zlib": zlib.decompressobj, "xz": lzma.LZMADecompressor, "bzip2": bz2.BZ2Decompressor}
for f in sys.argv[2:]:
    try:
        if kind == "zip":
            with zipfile.ZipFile(f) as z:
                for name in z.namelist():
                    out.write(z.read(name))
            continue
        d = new[kind]()
        with open(f, "rb") as h:
            for chunk in iter(lambda: h.read(1 << 20), b""):
                while chunk:
                    if d.eof:
                        if kind == "zlib":
                            break
                        d = new[kind]()  # the next member of a multi-member file
                    out.write(d.decompress(chunk))
                    chunk = d.unused_data if d.eof else b""
        if not d.eof:
            raise EOFError("the stream ends before its end")
    except Exception as e:
        bad = 1
        sys.stderr.write("%s: %s\n" % (f, e))
out.flush()
sys.exit(bad)
'
FORM_PY_ENCODE='
import sys, zlib, bz2, gzip, lzma, io, zipfile
kind, data = sys.argv[1], sys.stdin.buffer.read()
if kind == "zip":
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("control.txt", data)
    data = buf.getvalue()
else:
    data = {"gzip": gzip.compress, "zlib": zlib.compress, "xz": lzma.compress, "bzip2": bz2.compress}[kind](data)
sys.stdout.buffer.write(data)
'
# shellcheck disable=SC2016 # a perl program: its $names are perl's
FORM_PL_DECODE='
use IO::Uncompress::AnyUncompress qw(anyuncompress $AnyUncompressError);
my $bad = 0;
for my $f (@ARGV) {
  anyuncompress($f => "-", MultiStream => 1, Transparent => 0, BinModeOut => 1) or do { print STDERR "$f: $AnyUncompressError\n"; $bad = 1 };
}
exit $bad;
'
FORM_NODE_DECODE='
const zlib = require("zlib"), fs = require("fs");
let bad = 0;
for (const f of process.argv.slice(1)) {
  try { fs.writeSync(1, zlib.inflateSync(fs.readFileSync(f))); } catch (e) { bad = 1; console.error(f + ": " + e.message); }
}
process.exitCode = bad;
'

# form_decode KIND TOOL FILE...: the decoded bytes of every FILE, one after the other, on stdout
form_decode() {
  local kind=$1 tool=$2 f rc=0
  shift 2
  case $tool in
    python3) python3 -c "$FORM_PY_DECODE" "$kind" "$@" ;;
    perl) perl -e "$FORM_PL_DECODE" "$@" ;;
    node) node -e "$FORM_NODE_DECODE" "$@" ;;
    openssl) for f; do openssl zlib -d -in "$f" || rc=1; done; return "$rc" ;;
    pigz) pigz -dc -- "$@" ;;
    lz4) for f; do lz4 -dc -- "$f" || rc=1; done; return "$rc" ;;
    unzip) for f; do unzip -p "$f" || rc=1; done; return "$rc" ;;
    bsdtar) for f; do bsdtar -xOf "$f" || rc=1; done; return "$rc" ;;
    *) "$tool" -dc -- "$@" ;;
  esac </dev/null
}

# form_encode KIND TOOL: standard input encoded as KIND on stdout
form_encode() {
  local kind=$1 tool=$2 mod fn
  case $tool in
    python3) python3 -c "$FORM_PY_ENCODE" "$kind" ;;
    perl)
      case $kind in gzip) mod=Gzip fn=gzip ;; zlib) mod=Deflate fn=deflate ;; bzip2) mod=Bzip2 fn=bzip2 ;; zip) mod=Zip fn=zip ;; *) return 1 ;; esac
      perl -e "use IO::Compress::$mod qw($fn); $fn('-' => '-', BinModeIn => 1) or exit 1" ;;
    node) node -e 'process.stdout.write(require("zlib").deflateSync(require("fs").readFileSync(0)))' ;;
    openssl) openssl zlib ;;
    pigz) if [ "$kind" = zlib ]; then pigz -cz; else pigz -c; fi ;;
    zip) zip -q - - ;;
    *) "$tool" -c -q ;;
  esac
}

# NUL-terminated paths on stdin -> "KIND PATH\0" for each file whose first bytes show a kind of FORM_MAGIC. Read by
# perl (one process), or by od file by file where the target has no perl. Files that cannot be opened go to stderr.
form_magic() {
  if command -v perl >/dev/null 2>&1; then
    perl -e '
      my @m = map { [split /:/, $_, 2] } split / /, shift;
      $/ = "\0";
      while (defined(my $f = <STDIN>)) {
        chomp $f;
        open(my $h, "<:raw", $f) or do { print STDERR "form_magic: $f: $!\n"; next };
        my $n = sysread($h, my $b, 10);
        close $h;
        next unless $n;
        my $x = unpack("H*", $b);
        for (@m) { if ($x =~ $_->[1]) { print "$_->[0] $f\0"; last } }
      }' "$FORM_MAGIC"
  else
    local f k
    while IFS= read -r -d '' f; do
      k=$(form_kind_of "$(od -An -v -tx1 -N10 -- "$f" | tr -d ' \n')")
      [ -n "$k" ] && printf '%s %s\0' "$k" "$f"
    done
  fi
}

# form_kind_of HEX: the kind of FORM_MAGIC that first bytes (in hex) show, or nothing
form_kind_of() {
  local m
  for m in $FORM_MAGIC; do
    [[ $1 =~ ${m#*:} ]] && { echo "${m%%:*}"; return; }
  done
}

# ---- git ---------------------------------------------------------------------------------------------------------
FORM_GIT_LOOSE='/objects/[0-9a-f]{2}/[0-9a-f]{38}([0-9a-f]{24})?$'

# NUL-terminated paths on stdin -> the git directories (with a HEAD) their loose objects and packs lie in, NUL-terminated
form_git_dirs() {
  local d
  sed -z -n -E 's#^(.*)/objects/(pack/[^/]*\.pack|[0-9a-f]{2}/[0-9a-f]{38}([0-9a-f]{24})?)$#\1#p' | sort -zu \
    | while IFS= read -r -d '' d; do [ -f "$d/HEAD" ] && printf '%s\0' "$d"; done
}

# git on one git directory, with no system or global configuration and no hook, bounded by FORM_SECONDS; cat-file,
# show-index and rev-list run no filter, hook or fsmonitor of the repository's own configuration
form_git() {
  local d=$1
  shift
  HOME=/nonexistent GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_TERMINAL_PROMPT=0 \
    timeout "${FORM_SECONDS:-600}" git -c safe.directory='*' -c core.hooksPath=/dev/null --git-dir="$d" "$@"
}

# form_git_objects GITDIR PATTERNS SCRATCH: every object of the repository, loose and packed, reachable or not, read
# once as git cat-file --batch prints it; "OID TYPE NUMBER" for each PATTERNS line (1-based) found in an object.
# Where a match lies is told from the objects' sizes (the batch's headers and contents follow the listed order).
# Exit status: cat-file's listing, else the batch's (124 when cut); errors in SCRATCH.err.
form_git_objects() {
  local d=$1 patterns=$2 scratch=$3 rc
  form_git "$d" cat-file --batch-all-objects --batch-check='%(objectname) %(objecttype) %(objectsize)' \
    </dev/null >"$scratch.list" 2>"$scratch.err" || return
  cut -d' ' -f1 "$scratch.list" >"$scratch.oids"
  form_git "$d" cat-file --batch <"$scratch.oids" 2>>"$scratch.err" | grep -aobF -f "$patterns" \
    | awk -v list="$scratch.list" '
        BEGIN { while ((getline l < list) > 0) { split(l, p, " "); n++; oid[n] = p[1]; type[n] = p[2]; start[n] = pos + length(l) + 1
                                                 end_[n] = start[n] + p[3]; pos = end_[n] + 1 } ; j = 1 }
        NR == FNR { num[$0] = FNR; next }
        { i = index($0, ":"); off = substr($0, 1, i - 1) + 0; m = substr($0, i + 1)
          while (j < n && off >= end_[j]) j++
          if ((m in num) && off >= start[j] && off < end_[j]) print oid[j], type[j], num[m] }' "$patterns" - | sort -u
  rc=${PIPESTATUS[0]}
  return "$rc"
}

# form_git_where GITDIR OID: where the object lies (loose-object, or the pack that holds it) and a path it had in the
# history ("-" when no reachable commit or reflog entry names it), as "LOCATION PATH"
form_git_where() {
  local d=$1 oid=$2 idx loc="" path
  if [ -f "$d/objects/${oid:0:2}/${oid:2}" ]; then loc=loose-object; fi
  for idx in "$d"/objects/pack/*.idx; do
    [ -n "$loc" ] && break
    [ -f "$idx" ] && form_git "$d" show-index <"$idx" 2>/dev/null | grep -q " $oid" && loc=$(basename "${idx%.idx}.pack")
  done
  path=$(form_git "$d" rev-list --all --reflog --objects </dev/null 2>/dev/null | awk -v o="$oid" '$1 == o && NF > 1 { sub(/^[^ ]+ /, ""); print; exit }')
  printf '%s %s\n' "${loc:-unknown}" "${path:--}"
}

# form_git_control DIR TEXT loose|packed: a repository in DIR where a file with TEXT was committed and then removed in
# the next commit, so that TEXT lives only in its objects: loose ones, or after git gc only a pack
form_git_control() {
  local d=$1 text=$2 how=$3
  _fgc() { HOME=/nonexistent GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null git -C "$d" -c user.name=gjallarhorn \
    -c user.email=control@gjallarhorn.invalid -c commit.gpgsign=false -c core.hooksPath=/dev/null "$@" </dev/null; }
  mkdir -p "$d" && _fgc init -q && printf 'API_KEY=%s\n' "$text" >"$d/control.env" && _fgc add control.env \
    && _fgc commit -q -m 'a positive control of gjallarhorn' && _fgc rm -q control.env && _fgc commit -q -m 'removed' \
    && { [ "$how" = loose ] || _fgc gc -q --prune=now; }
}

# form_git_loose_control DIR TEXT WRITER: without git, a loose object of TEXT in a git directory DIR, deflated by WRITER
form_git_loose_control() {
  local d=$1 text=$2 writer=$3 oid
  oid=$(printf 'blob %d\0%s' "${#text}" "$text" | sha1sum | cut -c1-40)
  mkdir -p "$d/objects/${oid:0:2}" "$d/refs" && printf 'ref: refs/heads/main\n' >"$d/HEAD" \
    && printf 'blob %d\0%s' "${#text}" "$text" | form_encode zlib "$writer" >"$d/objects/${oid:0:2}/${oid:2}"
}

# ---- deleted but open --------------------------------------------------------------------------------------------
# the files processes hold open after they were deleted: "LINK\0TARGET\0", LINK being /proc/PID/fd/N, which root reads
# as the file; TARGET is the path it had, " (deleted)" included
form_deleted_open() {
  local proc=${1:-/proc}
  find "$proc"/[0-9]*/fd -mindepth 1 -maxdepth 1 -type l -lname '* (deleted)' -printf '%p\0%l\0'
}

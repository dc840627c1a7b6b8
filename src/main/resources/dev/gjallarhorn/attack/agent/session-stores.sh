#!/usr/bin/env bash
# Searches, as root, the OpenClaw gateway's session stores for the patterns in PATTERNS (every secret value and its
# encodings, one per line; the file is removed at once), whatever this release keeps them in: the SQLite databases
# under ~/.openclaw (every table, zstd columns decompressed, the write-ahead log read by SQLite), JSONL
# transcripts and their zstd cold archives. Prints only where (file#table) and which pattern (by line number), never a
# value:  STORE <file> <how it was read>   STORE-UNREADABLE <file> <why>   HIT <file>#<table> <pattern-number>   STORES-END
# Usage: session-stores.sh TOKEN SERVICE_HOME NODE PATTERNS
set -u
token=$1 home=$2 node=$3
work=$(mktemp -d "/run/$token-stores.XXXXXX")
chmod 0700 "$work"
trap 'rm -rf "$work"' EXIT
mv "$4" "$work/patterns"
[ -s "$work/patterns" ] || { echo "NOPATTERNS"; exit 0; }

# every text a store holds, decoded, one file per table (zstd blobs decompressed; the write-ahead log is read by
# SQLite itself), or a zstd archive unpacked: written into the directory $2
# shellcheck disable=SC2016 # a node program: its ${...} are JavaScript's
dump() {
  "$node" -e '
    const fs = require("node:fs"), zlib = require("node:zlib"), path = require("node:path");
    const [file, out] = process.argv.slice(1);
    const decode = (name, v, text) => {
      if (v === null || v === undefined) return;
      if (typeof v === "string" || typeof v === "number" || typeof v === "bigint") { text.push(String(v)); return; }
      const buf = Buffer.from(v);
      try { if (/zstd|zst$/i.test(name)) { text.push(zlib.zstdDecompressSync(buf).toString("utf8")); return; } } catch {}
      text.push(buf.toString("utf8"));
    };
    if (/\.zst$/.test(file)) {
      const text = [];
      decode("zst", fs.readFileSync(file), text);
      fs.writeFileSync(path.join(out, "archive"), text.join("\n"));
    } else {
      const { DatabaseSync } = require("node:sqlite");
      const db = new DatabaseSync(file, { readOnly: true, timeout: 10000 });
      for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = ?").all("table")) {
        const text = [];
        for (const row of db.prepare(`SELECT * FROM "${name.replace(/"/g, "\"\"")}"`).all()) {
          for (const [column, value] of Object.entries(row)) decode(column, value, text);
        }
        fs.writeFileSync(path.join(out, name.replace(/[^A-Za-z0-9_]/g, "_")), text.join("\n"));
      }
    }' "$1" "$2"
}

report() { # file as named, file with its text
  local n=0 line
  # one pass for all patterns first: most texts hold none, and a grep per pattern per table is what a busy machine
  # cannot afford; only a text that holds one is searched pattern by pattern, to name which
  grep -qaF -f "$work/patterns" "$2" 2>/dev/null
  case $? in
    0) ;;
    1) return 0 ;;
    *) echo "STORE-UNREADABLE $1 grep could not read the decoded text"; return 0 ;;   # an error is no "nothing found"
  esac
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    [ -n "$line" ] && grep -qaF -- "$line" "$2" 2>/dev/null && echo "HIT $1 $n"
  done <"$work/patterns"
}

i=0
find "$home/.openclaw" -type f -not -name '*lock*' -not -path '*/tmp/*' \( -name '*.sqlite' -o -name '*.db' -o -name '*.jsonl' -o -name '*.zst' \
    -o -path '*/sessions/*' -o -path '*/transcripts/*' \) 2>/dev/null | grep -v -- '-wal$\|-shm$' | sort | while IFS= read -r f; do
  i=$((i + 1))
  mkdir -p "$work/text-$i"
  case "$f" in
    *.sqlite|*.db|*.zst)
      if dump "$f" "$work/text-$i" 2>"$work/err-$i"; then
        # shellcheck disable=SC2012 # the names are the dump's own, one a table
        echo "STORE $f decoded: $(ls "$work/text-$i" | tr '\n' ' ')"
      else
        echo "STORE-UNREADABLE $f $(head -c 160 "$work/err-$i" | tr '\n' ' ')"
      fi ;;
    *) cp "$f" "$work/text-$i/file"; echo "STORE $f as is" ;;
  esac
  for t in "$work/text-$i"/*; do
    [ -e "$t" ] && report "$f#$(basename "$t")" "$t"
  done
  rm -rf "$work/text-$i" "$work/err-$i"
done
echo "STORES-END"
exit 0

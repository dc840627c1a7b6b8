#!/usr/bin/env bash
# Searches, as root, the OpenClaw gateway's session stores for the patterns in PATTERNS (every secret value and its
# encodings, one per line; the file is removed at once), whatever this release keeps them in: the SQLite databases
# under ~/.openclaw (transcript_events.event_json, and event_zstd decompressed), their write-ahead logs, JSONL
# transcripts and their zstd cold archives. Prints only where and which pattern (by line number), never a value:
#   STORE <file> <how it was read>   HIT <file> <pattern-number>   STORES-END
# Usage: session-stores.sh TOKEN SERVICE_HOME NODE PATTERNS
set -u
token=$1 home=$2 node=$3
work=$(mktemp -d "/run/$token-stores.XXXXXX")
chmod 0700 "$work"
trap 'rm -rf "$work"' EXIT
mv "$4" "$work/patterns"
[ -s "$work/patterns" ] || { echo "NOPATTERNS"; exit 0; }

# every text a store holds, decoded: all columns of all tables (zstd blobs decompressed), or a zstd file unpacked
dump() {
  "$node" -e '
    const fs = require("node:fs"), zlib = require("node:zlib");
    const [file, out] = process.argv.slice(1);
    const text = [];
    const decode = (name, v) => {
      if (v === null || v === undefined) return;
      if (typeof v === "string" || typeof v === "number" || typeof v === "bigint") { text.push(String(v)); return; }
      const buf = Buffer.from(v);
      try { if (/zstd|zst$/i.test(name)) { text.push(zlib.zstdDecompressSync(buf).toString("utf8")); return; } } catch {}
      text.push(buf.toString("utf8"));
    };
    if (/\.zst$/.test(file)) {
      decode("zst", fs.readFileSync(file));
    } else {
      const { DatabaseSync } = require("node:sqlite");
      const db = new DatabaseSync(file, { readOnly: true, timeout: 10000 });
      for (const { name } of db.prepare("SELECT name FROM sqlite_master WHERE type = ?").all("table")) {
        for (const row of db.prepare(`SELECT * FROM "${name.replace(/"/g, "\"\"")}"`).all()) {
          for (const [column, value] of Object.entries(row)) decode(column, value);
        }
      }
    }
    fs.writeFileSync(out, text.join("\n"));' "$1" "$2"
}

report() { # file as named, file with its text
  local n=0 line
  while IFS= read -r line || [ -n "$line" ]; do
    n=$((n + 1))
    [ -n "$line" ] && grep -qaF -- "$line" "$2" 2>/dev/null && echo "HIT $1 $n"
  done <"$work/patterns"
}

i=0
find "$home/.openclaw" -type f -not -name '*lock*' -not -path '*/tmp/*' \( -name '*.sqlite' -o -name '*.db' -o -name '*.sqlite-wal' -o -name '*.jsonl' -o -name '*.zst' \
    -o -path '*/sessions/*' -o -path '*/transcripts/*' \) 2>/dev/null | sort | while IFS= read -r f; do
  i=$((i + 1))
  case "$f" in
    *.sqlite|*.db)
      if dump "$f" "$work/text-$i" 2>"$work/err-$i"; then how="sqlite, every table decoded"; else how="sqlite (raw bytes only: $(head -c 120 "$work/err-$i" | tr '\n' ' '))"; : >"$work/text-$i"; fi
      cat "$f" >>"$work/text-$i" ;;
    *.zst)
      if dump "$f" "$work/text-$i" 2>/dev/null; then how="zstd, unpacked"; else how="zstd (could not unpack)"; cp "$f" "$work/text-$i"; fi ;;
    *) cp "$f" "$work/text-$i"; how="as is" ;;
  esac
  echo "STORE $f $how"
  report "$f" "$work/text-$i"
  rm -f "$work/text-$i" "$work/err-$i"
done
echo "STORES-END"
exit 0

#!/usr/bin/env bash
# claim: C-SYNC-GATE
# source: https://github.com/gitleaks/gitleaks/issues/834
# The gate stops refusing symbolic links and lets them through like Bilrost's `find -type f` checks do (a link is
# not a regular file, so no check applies to it). The scanner does not follow links, and rsync -a copies them as links:
# a link under an allowlisted path (src/...) can point anywhere in or outside the host checkout. Flips the
# path-allowlist part of C-SYNC-GATE on as-claimed to CONTRADICTED.
set -euo pipefail
gate=/usr/local/bin/sync-gate
# shellcheck disable=SC2016 # the gate's own source text, matched and written as it is
sed -i 's#\[ -L "\$path" \] && { refuse "\$rel" "symlink"; continue; }#[ -L "$path" \] \&\& continue#' "$gate"
# shellcheck disable=SC2016 # the gate's own source text
grep -q 'refuse "$rel" "symlink"' "$gate" && { echo "the gate still refuses symlinks" >&2; exit 1; }
exit 0

#!/usr/bin/env bash
# claim: C-SYNC-GATE
# The sync gate's scanner skips files with more than one name (as a scanner that reads each inode once, or walks
# a list built with find -links 1, does); the gate keeps hard links when it stages. Flips the hard-link part of
# C-SYNC-GATE on as-claimed to CONTRADICTED.
set -euo pipefail
inner=/usr/local/bin/gitleaks.before-scanner-skips-hardlinks
mv /usr/local/bin/gitleaks "$inner"
cat >/usr/local/bin/gitleaks <<EOF2
#!/usr/bin/env bash
# a scanner that reads only files with a single name: it scans a copy without the others
args=(); src=.
for a in "\$@"; do case "\$a" in --source=*) src=\${a#--source=} ;; *) args+=("\$a") ;; esac; done
copy=\$(mktemp -d)
rsync -a \$(cd "\$src" && find . -type f -links +1 -printf '--exclude=/%P ') "\$src"/ "\$copy"/
$inner "\${args[@]}" --source="\$copy"
rc=\$?
rm -rf "\$copy"
exit \$rc
EOF2
chmod 0755 /usr/local/bin/gitleaks

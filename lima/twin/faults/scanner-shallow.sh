#!/usr/bin/env bash
# claim: C-SYNC-GATE
# The sync gate's scanner reads only six directory levels of what it is given (as a scanner run with a depth
# limit, or over a file list cut at a depth, does). Flips the deep-path part of C-SYNC-GATE on as-claimed to
# CONTRADICTED.
set -euo pipefail
inner=/usr/local/bin/gitleaks.before-scanner-shallow
mv /usr/local/bin/gitleaks "$inner"
cat >/usr/local/bin/gitleaks <<EOF2
#!/usr/bin/env bash
# a scanner that stops six levels down: it scans a copy of its source cut at that depth
args=(); src=.
for a in "\$@"; do case "\$a" in --source=*) src=\${a#--source=} ;; *) args+=("\$a") ;; esac; done
cut=\$(mktemp -d)
rsync -a --exclude='/*/*/*/*/*/*/*' "\$src"/ "\$cut"/
$inner "\${args[@]}" --source="\$cut"
rc=\$?
rm -rf "\$cut"
exit \$rc
EOF2
chmod 0755 /usr/local/bin/gitleaks

#!/usr/bin/env bash
# claim: T-006
# host: share-extra old-home /srv/operator-home ro home
# A copy of the operator's home is shared read-only outside /mnt: no write gets through, but the VM reads the host's
# keys, shell history and cloud credentials. Flips T-006 on as-claimed to CONTRADICTED, and nothing else.
exit 0

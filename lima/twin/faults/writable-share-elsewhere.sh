#!/usr/bin/env bash
# claim: C-READ-ONLY-HOST-MOUNTS
# host: share-extra build-cache /var/cache/bilrost-build rw
# A host directory (a build cache, no home in it) is shared writable outside /mnt. Flips C-READ-ONLY-HOST-MOUNTS
# on as-claimed to CONTRADICTED, and nothing else. Made on the host side.
exit 0

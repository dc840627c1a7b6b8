#!/usr/bin/env bash
# claim: C-READ-ONLY-HOST-MOUNTS
# host: share-extra scratch /mnt/scratch
# One more host directory is shared read-write into the VM. Flips C-READ-ONLY-HOST-MOUNTS on as-claimed to
# CONTRADICTED. Made on the host side when the twin is created.
exit 0

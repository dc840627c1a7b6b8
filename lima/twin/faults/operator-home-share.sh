#!/usr/bin/env bash
# claim: C-READ-ONLY-HOST-MOUNTS
# host: share-extra operator-home /Users/operator rw home
# The operator's home is shared writable at its own path, as Lima's global override.yaml mounting "~" does (not
# under /mnt). Flips C-READ-ONLY-HOST-MOUNTS (a write reaches the host) and T-006 (a share exposes the host home's
# .ssh, shell history and cloud credentials) on as-claimed to CONTRADICTED. Made on the host side.
exit 0

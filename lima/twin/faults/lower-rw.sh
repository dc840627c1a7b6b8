#!/usr/bin/env bash
# claim: C-READ-ONLY-HOST-MOUNTS
# host: share-writable openclaw
# The source tree (the overlay's lower layer) is shared read-write from the host, as with Bilrost's --yolo-unsafe.
# Flips C-READ-ONLY-HOST-MOUNTS on as-claimed to CONTRADICTED. The change is made on the host side when the twin
# is created; nothing changes inside it.
exit 0

#!/usr/bin/env bash
# claim: C-READ-ONLY-HOST-MOUNTS
# host: shares-plain-bind
# Not a weakness of the twin's claims: every read-only share is a plain read-only bind of a host directory instead
# of a squashfs image, as Bilrost's shares are when it runs in a container. Root can then remount a share
# read-write (not applicable on a container, so no verdict changes), and `mount -o remount,ro` fails on it as
# "busy": it proves that the shares attack puts every share back read-only (remount,bind,ro) and verifies it.
exit 0

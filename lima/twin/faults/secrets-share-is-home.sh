#!/usr/bin/env bash
# claim: T-006
# host: share-home-full
# The secrets share is the operator's whole home directory (Bilrost mounts the parent directory of the secrets
# file; with the wizard's default that is $HOME). Flips T-006 on as-claimed to CONTRADICTED. Made on the host side.
exit 0

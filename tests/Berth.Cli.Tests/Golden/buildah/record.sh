#!/bin/sh
# Records buildah 1.28.2's --help of the working-container commands into this folder (buildah-<cmd>-help.txt); help
# does not depend on the machine or the store.
set -eu
cd "$(dirname "$0")"
for cmd in from containers mount umount rm run copy add config commit inspect images rmi tag pull bud push
do
    ${BUILDAH:-buildah} "$cmd" --help > "buildah-$cmd-help.txt"
done

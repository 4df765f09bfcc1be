#!/bin/sh
# The main job: install what is needed, build, and open rpmsg-top on the simulated bus
# (rpmsg-top --demo starts `rpmsg-sim demo` itself and stops it on exit). Extra arguments go
# to rpmsg-top, e.g. `sh scripts/run-demo.sh -b -n 5` for batch output.
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
sh scripts/install-deps.sh
sh scripts/build.sh build
if [ -x build/viewer/rpmsg-top/rpmsg-top ]; then
	exec build/viewer/rpmsg-top/rpmsg-top --demo "$@"
fi
echo "run-demo: rpmsg-top is not built; showing the simulator's status lines instead" >&2
exec build/bus/tools/rpmsg-sim demo "$@"

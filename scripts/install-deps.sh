#!/bin/sh
# Install what lt needs to build, test, fuzz and plot, with apt-get, when it
# is missing.  Run by `make check`, `make demo`, `make asan`, `make fuzz`
# and `make bench` (which adds what the benchmarks run: `install-deps.sh
# bench`); a machine that has everything is left alone and no network is
# needed.
set -eu

# package:what-shows-it-is-there (a file or a command)
NEEDS="
pkg-config:/usr/bin/pkg-config
hyperfine:/usr/bin/hyperfine
time:/usr/bin/time
libcsv-dev:/usr/include/csv.h
libjansson-dev:/usr/include/jansson.h
libgsl-dev:/usr/include/gsl/gsl_fit.h
libcmocka-dev:/usr/include/cmocka.h
libprotobuf-c-dev:/usr/include/protobuf-c/protobuf-c.h
protobuf-c-compiler:/usr/bin/protoc-c
libyaml-dev:/usr/include/yaml.h
gnuplot-nox:/usr/bin/gnuplot
bats:/usr/bin/bats
bats-assert:/usr/lib/bats/bats-assert/load.bash
bats-support:/usr/lib/bats/bats-support/load.bash
locales:/usr/share/i18n/locales/de_DE
time:/usr/bin/time
clang:/usr/bin/clang
libclang-rt-14-dev:/usr/lib/llvm-14/lib/clang/14.0.6/lib/linux/libclang_rt.fuzzer-x86_64.a
mandoc:/usr/bin/mandoc
jq:/usr/bin/jq
tmux:/usr/bin/tmux
zsh:/usr/bin/zsh
libmicrohttpd-dev:/usr/include/microhttpd.h
chromium:/usr/bin/chromium
curl:/usr/bin/curl
apache2-utils:/usr/bin/ab
"

# `install-deps.sh bench`: what make bench and bench-huge run as well.
if [ "${1:-}" = bench ]; then
	NEEDS="$NEEDS
hyperfine:/usr/bin/hyperfine
miller:/usr/bin/mlr
time:/usr/bin/time
"
fi

missing=
for need in $NEEDS; do
	pkg=${need%%:*}
	path=${need#*:}
	[ -e "$path" ] || missing="$missing $pkg"
done
[ -z "$missing" ] && exit 0

echo "installing:$missing" >&2
if [ "$(id -u)" -eq 0 ]; then
	SUDO=
elif command -v sudo >/dev/null 2>&1; then
	SUDO=sudo
else
	echo "install-deps: need root (or sudo) to install:$missing" >&2
	exit 2
fi
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# shellcheck disable=SC2086 # the list is meant to split into words
$SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null

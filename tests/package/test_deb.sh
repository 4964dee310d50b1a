#!/usr/bin/env bash
# The .deb as an admin gets it: built by CPack from this build tree, installed with apt-get
# (which must find every declared dependency), then `itsm --version` and `man -w itsm` work
# from the system paths, and removing it leaves no itsm behind. It changes the machine, so it
# runs only when asked (-DITSM_TEST_PACKAGE=ON) or in CI (CI=true); otherwise it is skipped.
set -uo pipefail

skip() {
  echo "SKIP: $*"
  exit 77
}

if [ "${ITSM_TEST_PACKAGE:-}" != "ON" ] && [ "${CI:-}" != "true" ]; then
  skip "installs a package on this machine; configure with -DITSM_TEST_PACKAGE=ON or set CI=true"
fi
if [ "${ITSM_SANITIZE:-OFF}" = "ON" ]; then
  skip "a sanitizer build is not what gets packaged; the normal build tests the .deb"
fi
: "${ITSM_BUILD_DIR:?ITSM_BUILD_DIR must point at the build tree}"
[ "$(id -u)" -eq 0 ] || command -v sudo >/dev/null || skip "needs root or sudo to install"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo -n"
if dpkg-query -W -f='${Status}' itsm 2>/dev/null | grep -q "install ok installed"; then
  skip "a package named itsm is already installed here; not replacing it"
fi

SCRATCH=$(mktemp -d "${TMPDIR:-/tmp}/itsm-deb.XXXXXX")
chmod 755 "$SCRATCH"
cleanup() {
  $SUDO apt-get remove -y -qq -o DPkg::Lock::Timeout=300 itsm >/dev/null 2>&1
  rm -rf "$SCRATCH"
}
trap cleanup EXIT

FAILURES=0
CHECKS=0
check() {
  CHECKS=$((CHECKS + 1))
  if ! eval "$1"; then
    FAILURES=$((FAILURES + 1))
    echo "FAIL: $2" >&2
  fi
}

# Reuses the built tree: CPack only stages the install and packs it.
cpack -G DEB --config "$ITSM_BUILD_DIR/CPackConfig.cmake" -B "$SCRATCH" >"$SCRATCH/cpack.log" 2>&1 ||
  { cat "$SCRATCH/cpack.log" >&2; echo "FAIL: cpack"; exit 1; }
debs=("$SCRATCH"/itsm_*.deb)
check '[ -f "${debs[0]}" ]' "cpack made itsm_*.deb"
deb=${debs[0]}
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
# Every library but the C library is linked in (cmd/CMakeLists.txt): the package needs libc6 and
# the zone files, and none of the shared libraries the build used.
check '[[ $depends == *libc6* && $depends == *tzdata* ]]' \
  "the package declares the C library and tzdata"
check '[[ $depends != *libstdc++* && $depends != *libfmt* && $depends != *libnettle* && $depends != *libdate* && $depends != *libsqlite* ]]' \
  "the package needs none of the libraries linked into the binary"
contents=$(dpkg-deb -c "$deb")
check '[[ $contents == *usr/share/man/man1/itsm.1* ]]' "the package holds the man page"
check '[[ $contents == *usr/share/bash-completion/completions/itsm$'"'"'\n'"'"'* ]]' \
  "the package holds the bash completion"

export DEBIAN_FRONTEND=noninteractive
if ! $SUDO apt-get install -y -qq -o DPkg::Lock::Timeout=300 --no-install-recommends "$deb" \
  >"$SCRATCH/apt.log" 2>&1; then
  cat "$SCRATCH/apt.log" >&2
  echo "FAIL: apt-get install ./itsm_*.deb"
  exit 1
fi
version=$(/usr/bin/itsm --version)
echo "installed: $version"
check '[[ $version =~ ^itsm\ [0-9]+\.[0-9]+\.[0-9]+\ \(store\ schema\ [0-9]+\)$ ]]' \
  "itsm --version from /usr/bin names the version and the schema"
page=$(man -w itsm 2>&1)
echo "man -w itsm: $page"
check '[[ $page == /usr/share/man/man1/itsm.1* ]]' "man -w finds itsm(1) where man looks"
rendered=$(MANWIDTH=80 man itsm 2>/dev/null)
check '[[ $rendered == *"EXIT STATUS"* ]]' "man itsm renders the page"
check '[ -f /usr/share/itsm/examples/mkip/priorities.toml ]' "examples are installed"
check '[ -x /usr/share/itsm/examples/cron/itsm-cron-report ]' "the cron helper the crontab names is there"
check '[ -f /usr/share/doc/itsm/exit-codes.md ]' "the guides are installed"

$SUDO apt-get remove -y -qq -o DPkg::Lock::Timeout=300 itsm >/dev/null 2>&1
check '! [ -e /usr/bin/itsm ]' "apt-get remove takes the binary away"
check '! dpkg-query -W -f="\${Status}" itsm 2>/dev/null | grep -q "install ok installed"' \
  "the package is no longer installed"

echo "$CHECKS checks, $FAILURES failed"
[ "$FAILURES" -eq 0 ]

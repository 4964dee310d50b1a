#!/usr/bin/env bash
# itsm init: writes one of the examples built into the binary into the configuration folder,
# never overwriting without --force; the result is a valid configuration with passing cases.
source "$(dirname "$0")/lib.sh"
export ITSM_NOW=2026-11-23T12:00:00Z
examples=$ITSM_SOURCE_DIR/examples

# same_files DIR EXAMPLE: every .toml of examples/EXAMPLE is in DIR, byte for byte.
same_files() {
  local f
  for f in "$examples/$2"/*.toml; do
    CHECKS=$((CHECKS + 1))
    cmp -s "$f" "$1/$(basename "$f")" || fail "$1/$(basename "$f") differs from examples/$2"
  done
}

# The default is the MKIP example, into the configuration folder.
rm -rf "$ITSM_CONFIG"
run init
expect_code 0 "init"
expect_eq "$OUT" "$ITSM_CONFIG/cases.toml
$ITSM_CONFIG/itsm.toml
$ITSM_CONFIG/priorities.toml
$ITSM_CONFIG/service-windows.toml" "init prints the files it wrote"
expect_match "$ERR" "sla-check --config-only --cases $ITSM_CONFIG/cases.toml" "init says how to check"
same_files "$ITSM_CONFIG" mkip
expect_eq "$(ls "$ITSM_CONFIG" | grep -c partial)" 0 "no partial files left"

# What it wrote is valid, strictly, and its cases pass.
run sla-check --config-only --strict --cases "$ITSM_CONFIG/cases.toml"
expect_code 0 "the written configuration passes --strict with its cases"
expect_eq "$(head -n 1 <<<"$OUT")" "0 errors, 0 warnings" "cases.toml in the folder is no warning"

# Existing files are never overwritten without --force.
echo '# mine' >>"$ITSM_CONFIG/priorities.toml"
before=$(sha256sum "$ITSM_CONFIG"/*.toml)
run init --example taxud
expect_error 2 "$ITSM_CONFIG/cases.toml exists; .*--force" "init refuses to overwrite, naming the file"
expect_eq "$(sha256sum "$ITSM_CONFIG"/*.toml)" "$before" "a refused init changes nothing"

# Only one file in the way: nothing is written at all.
rm -rf "$ITSM_CONFIG" && mkdir -p "$ITSM_CONFIG"
echo 'default = "P1"' >"$ITSM_CONFIG/priorities.toml"
run init --example ega
expect_error 2 "$ITSM_CONFIG/priorities.toml exists" "the one existing file is named"
expect_eq "$(ls "$ITSM_CONFIG")" "priorities.toml" "no other file was written"

# --force replaces them.
run init --example ega --force
expect_code 0 "init --force"
same_files "$ITSM_CONFIG" ega
run sla-check --config-only --strict --cases "$ITSM_CONFIG/cases.toml"
expect_code 0 "ega written by init passes"

# --config names the folder, created with its parents.
run --config "$SCRATCH/deep/new/itsm" init --example taxud
expect_code 0 "init into a new folder"
same_files "$SCRATCH/deep/new/itsm" taxud
run --config "$SCRATCH/deep/new/itsm" sla-check --config-only --strict \
  --cases "$SCRATCH/deep/new/itsm/cases.toml"
expect_code 0 "taxud written by init passes"

# The examples are inside the binary: a copy far from the sources still has them.
mkdir -p "$SCRATCH/bin" "$SCRATCH/elsewhere"
cp "$ITSM_BIN" "$SCRATCH/bin/itsm"
OUT=$(cd "$SCRATCH/elsewhere" && ITSM_SOURCE_DIR=/nonexistent "$SCRATCH/bin/itsm" \
  --config "$SCRATCH/installed" init 2>/dev/null)
CODE=$?
expect_code 0 "init from a copied binary"
same_files "$SCRATCH/installed" mkip

# --list and unknown names.
run init --list
expect_code 0 "init --list"
expect_eq "$(cut -d' ' -f1 <<<"$OUT" | tr '\n' ' ')" "ega mkip taxud " "the three examples"
expect_match "$OUT" "mkip +MKIP ICT shared service" "each with its title"
run init --example mkp
expect_error 2 'no example "mkp" \(did you mean "mkip"\?\); the examples are ega, mkip, taxud' \
  "an unknown example, with did-you-mean"
run init --example ci
expect_error 2 'no example "ci"' "examples/ci is not a configuration"

# A folder in the way of a file.
rm -rf "$ITSM_CONFIG" && mkdir -p "$ITSM_CONFIG/itsm.toml"
run init --force
expect_error 2 "itsm.toml is a folder" "a folder named like a file is refused"

finish

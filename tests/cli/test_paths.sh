#!/usr/bin/env bash
# Files and links (docs/security.md): a named configuration or store that is not there is an
# error, never the defaults or an empty desk; spool files and backups are created exclusively
# under random names and never through a planted link; another user's link to the store in a
# sticky world-writable folder is not followed. Links of "another user" belong to nobody.
source "$(dirname "$0")/lib.sh"
use_config office

if [ "$(id -u)" -ne 0 ] || ! id nobody >/dev/null 2>&1; then
  echo "these tests plant files as another user: they need root and the user nobody" >&2
  exit 1
fi

# --- a named configuration folder or file that cannot be read is exit 5 ----------------------
for bad in missing dangling loop; do
  case $bad in
    missing) dir=$SCRATCH/no-such-config ;;
    dangling) dir=$SCRATCH/cfg-dangling && ln -s "$SCRATCH/nowhere" "$dir" ;;
    loop) dir=$SCRATCH/cfg-loop && ln -s "$dir" "$dir" ;;
  esac
  run --config "$dir" log --title "with $bad config"
  expect_error 5 "configuration folder $dir" "--config to a $bad folder"
  ITSM_CONFIG=$dir run list
  expect_error 5 "configuration folder $dir" "ITSM_CONFIG to a $bad folder"
  run --config "$dir" sla-check --config-only
  expect_code 1 "sla-check --config-only on a $bad folder"
  expect_match "$OUT" "error: (cannot read the )?configuration folder $dir" "--config-only names the $bad folder"
done
[ ! -e "$ITSM_DB" ] || fail "a command with an unreadable configuration created the store"

for file in itsm.toml priorities.toml service-windows.toml; do
  cp -r "$ITSM_CONFIG" "$SCRATCH/cfg"
  ln -sf "$SCRATCH/nowhere" "$SCRATCH/cfg/$file"
  run --config "$SCRATCH/cfg" log --title "dangling $file"
  expect_error 5 "$file \(a link to $SCRATCH/nowhere\): " "a dangling $file"
  ln -sf "$SCRATCH/cfg/$file" "$SCRATCH/cfg/$file"
  run --config "$SCRATCH/cfg" log --title "looping $file"
  expect_error 5 "$file.*: Too many levels of symbolic links" "a looping $file"
  rm -rf "$SCRATCH/cfg"
done
[ ! -e "$ITSM_DB" ] || fail "a command with an unreadable configuration file created the store"

# The default folder (nothing named) that does not exist still means the built-in defaults.
(
  unset ITSM_CONFIG
  export XDG_CONFIG_HOME=$SCRATCH/no-xdg
  run config show
  expect_code 0 "no configuration named, none at the default place"
  expect_match "$OUT" "built-in defaults" "the defaults apply"
  run sla-check --config-only
  expect_code 0 "--config-only without a named folder"
  expect_match "$OUT" "does not exist; the built-in defaults apply" "--config-only warns"
  finish
) || FAILURES=$((FAILURES + 1))

# --- a named store that is not there: readers say so (exit 6) --------------------------------
run log --title "the only ticket" --at "2026-11-30 09:00"
expect_code 0 "a ticket in the real store"
before=$(store_digest)
for reader in "sla-check" "list" "report daily" "export" "search printer" "notify list" \
  "show INC-1" "maintenance list"; do
  # shellcheck disable=SC2086
  ITSM_DB=$SCRATCH/itms.db run $reader
  expect_error 6 "there is no store at $SCRATCH/itms.db \(given by ITSM_DB\)" "$reader on a typo in ITSM_DB"
  # shellcheck disable=SC2086
  run --db "$SCRATCH/itms.db" $reader
  expect_error 6 "there is no store at $SCRATCH/itms.db \(given by --db\)" "$reader on a typo in --db"
done
ITSM_DB=$SCRATCH/itms.db run check
expect_error 6 "there is no store at $SCRATCH/itms.db" "check on a typo"
[ ! -e "$SCRATCH/itms.db" ] || fail "a reader created the misspelt store"
cp -r "$ITSM_CONFIG" "$SCRATCH/cfg-store"
printf '\n[store]\npath = "%s"\n' "$SCRATCH/typo.db" >>"$SCRATCH/cfg-store/itsm.toml"
(
  unset ITSM_DB
  run --config "$SCRATCH/cfg-store" sla-check
  expect_error 6 "there is no store at $SCRATCH/typo.db \(given by \[store\] path\)" "[store] path to nothing"
  # Nothing named: the default store reads as empty until the first write.
  export XDG_DATA_HOME=$SCRATCH/no-data
  run sla-check --format json
  expect_code 0 "sla-check on the default store before its first write"
  expect_eq "$(jq '.findings | length' <<<"$OUT")" "0" "the default store reads as empty"
  run list
  expect_code 0 "list on the default store before its first write"
  [ ! -e "$SCRATCH/no-data/itsm/itsm.db" ] || fail "reading created the default store"
  finish
) || FAILURES=$((FAILURES + 1))
expect_eq "$(store_digest)" "$before" "the real store was not touched"

# A sticky world-writable folder another user can plant links in, as /tmp.
chmod o+x "$SCRATCH"
PUB=$SCRATCH/pub
mkdir -m 1777 "$PUB"
secret() { # secret NAME: a root-only file with known content; prints its path
  printf 'root only\n' >"$SCRATCH/$1" && chmod 600 "$SCRATCH/$1" && echo "$SCRATCH/$1"
}
plant() { # plant LINK TARGET: a symbolic link owned by nobody
  ln -s "$2" "$1" && chown -h nobody: "$1"
}

# --- the spool: a random name, created exclusively, in a folder made 0700 --------------------
printf '\n[notify]\nspool = "%s"\nevents = ["assigned"]\n' "$SCRATCH/spool/new" >>"$ITSM_CONFIG/itsm.toml"
id=$(itsm log --title "spooled" --at "2026-11-30 09:01")
n=${id#INC-}
(umask 000 && "$ITSM_BIN" assign "$id" --group helpdesk --at "2026-11-30 09:05" >/dev/null)
expect_eq "$(stat -c %a "$SCRATCH/spool" "$SCRATCH/spool/new" | paste -sd' ')" "700 700" "spool folders made 0700 under umask 000"
expect_eq "$(ls "$SCRATCH/spool/new" | grep -c '\.eml$')" "1" "the message is spooled"
# A spool folder others can write (made by hand, or by an older itsm under umask 000): nobody
# plants links at every name a message could be written to first; none is followed.
sed -i "s|^spool = .*|spool = \"$PUB\"|" "$ITSM_CONFIG/itsm.toml"
chmod 0777 "$PUB"
target=$(secret spool-target)
at="2026-11-30T09:10:00Z"
for m in $(seq 1 5); do
  for name in ".$at-$(printf %06d "$m")-$n.tmp" "$at-$(printf %06d "$m")-$n.eml.tmp"; do
    plant "$PUB/$name" "$target"
  done
done
run assign "$id" --group second-line --at "2026-11-30 09:10"
expect_code 0 "assign with planted links in the spool"
expect_eq "$(cat "$target")" "root only" "the planted links were not followed"
expect_eq "$(stat -c %a "$target")" "600" "the root-only file keeps its mode"
eml=$(ls "$PUB" | grep '\.eml$')
expect_eq "$(stat -c %F "$PUB/$eml")" "regular file" "the message is a file of its own"
expect_match "$(cat "$PUB/$eml")" "Assigned to second-line" "the message is in it"
expect_eq "$(ls -A "$PUB" | grep -v '\.eml$' | grep -vc '\.tmp$')" "0" "no temporary file left"
expect_eq "$(find "$PUB" -name '*.tmp' -type f | wc -l)" "0" "no temporary file of its own left"
chmod 1777 "$PUB"
sed -i '/^\[notify\]/,$d' "$ITSM_CONFIG/itsm.toml"

# --- backup: the partial file is new, never a planted link -----------------------------------
target=$(secret backup-target)
# The next 300 process ids, planted by one process so that they are still ahead.
python3 -c '
import os, pwd, sys
nobody = pwd.getpwnam("nobody")
last = int(open("/proc/sys/kernel/ns_last_pid").read())
for pid in range(last + 1, last + 301):
    link = sys.argv[1] + ".partial-" + str(pid)
    os.symlink(sys.argv[2], link)
    os.lchown(link, nobody.pw_uid, nobody.pw_gid)
' "$PUB/copy.db" "$target"
run backup "$PUB/copy.db"
expect_code 0 "backup beside planted links"
expect_eq "$(cat "$target")" "root only" "no planted link received the store"
expect_eq "$(stat -c %F "$PUB/copy.db")" "regular file" "the backup is a file"
run --db "$PUB/copy.db" check
expect_code 0 "the backup checks out"
expect_eq "$(find "$PUB" -name 'copy.db.partial*' -type f | wc -l)" "0" "no partial file left"
# PATH itself a link to nothing: it exists (no --force, no backup); --force replaces the link.
plant "$PUB/linked.db" "$target"
rm "$target"
run backup "$PUB/linked.db"
expect_error 2 "linked.db exists" "a dangling link at PATH is not replaced without --force"
run backup "$PUB/linked.db" --force
expect_code 0 "--force replaces the link"
expect_eq "$(stat -c %F "$PUB/linked.db")" "regular file" "PATH is now the backup, not a link"
[ ! -e "$target" ] || fail "the link's target was written"

# --- another user's link to the store in a sticky world-writable folder ----------------------
before=$(store_digest)
plant "$PUB/itsm.db" "$ITSM_DB"
for cmd in "list" "log --title planted" "check"; do
  # shellcheck disable=SC2086
  ITSM_DB=$PUB/itsm.db run $cmd
  expect_error 6 "the store path $PUB/itsm.db is a symbolic link owned by nobody \(uid 65534\) in the sticky world-writable folder $PUB; itsm does not follow it" "$cmd through nobody's link"
done
expect_eq "$(store_digest)" "$before" "nothing written through the link"
# Followed as the kernel would: the caller's own link, or one in a folder of the link's owner.
ln -s "$ITSM_DB" "$PUB/mine.db"
ITSM_DB=$PUB/mine.db run list --format json
expect_code 0 "one's own link is followed"
expect_eq "$OUT" "$(itsm list --format json)" "the store behind one's own link"
mkdir -m 1777 "$SCRATCH/nobodys" && chown nobody: "$SCRATCH/nobodys"
plant "$SCRATCH/nobodys/itsm.db" "$ITSM_DB"
ITSM_DB=$SCRATCH/nobodys/itsm.db run list --format json
expect_code 0 "a link in the folder of its owner is followed"
chmod 0755 "$SCRATCH/nobodys" && chown root: "$SCRATCH/nobodys"
ITSM_DB=$SCRATCH/nobodys/itsm.db run list --format json
expect_code 0 "another user's link in a folder others cannot write is followed"

finish

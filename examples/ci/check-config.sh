#!/usr/bin/env bash
# Checks an itsm configuration folder the way a pipeline should, before it is deployed:
# strictly (warnings fail too), with the folder's SLA cases when it has a cases.toml, and in
# GitHub Actions' annotation format. Exit status 0 when everything passes, 1 when not, 2 on a
# usage error.
#
#   check-config.sh [FOLDER]        FOLDER defaults to ./itsm
#
# Environment:
#   ITSM         the itsm binary (default: itsm on PATH)
#   CASES        the case file (default: FOLDER/cases.toml when it exists)
#   ITSM_FORMAT  github (default), text or json
set -euo pipefail

folder=${1:-itsm}
itsm_bin=${ITSM:-itsm}
format=${ITSM_FORMAT:-github}
cases=${CASES:-$folder/cases.toml}

if ! command -v "$itsm_bin" >/dev/null 2>&1; then
  echo "check-config: cannot run '$itsm_bin'; install itsm or set ITSM=/path/to/itsm" >&2
  exit 2
fi
if [ ! -d "$folder" ]; then
  echo "check-config: $folder is not a folder; give the folder that holds itsm.toml," \
    "priorities.toml and service-windows.toml" >&2
  exit 2
fi

args=(--config "$folder" sla-check --config-only --strict --format "$format")
if [ -f "$cases" ]; then
  args+=(--cases "$cases")
elif [ -n "${CASES:-}" ]; then
  echo "check-config: no case file $cases" >&2
  exit 2
else
  echo "check-config: $folder has no cases.toml; checking the configuration only" >&2
fi
exec "$itsm_bin" "${args[@]}"

#!/usr/bin/env bash
# on_server.sh TEST [ARG...]: runs a unit test executable against a database server. It starts
# a throwaway PostgreSQL cluster (tests/cli/pg.sh), gives the test the URI of the cluster's
# maintenance database in ITSM_TEST_PG (the test makes a database of its own there for each
# case), and stops the cluster when the test ends, also when it fails.
set -uo pipefail
ITSM_SOURCE_DIR=${ITSM_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
SCRATCH=$(mktemp -d)
# shellcheck source=../cli/pg.sh
source "$ITSM_SOURCE_DIR/tests/cli/pg.sh"
pg_start
ITSM_TEST_PG=$(pg_uri postgres) "$@"

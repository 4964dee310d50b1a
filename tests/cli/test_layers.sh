#!/usr/bin/env bash
# lib/itsm/store is the only place that speaks SQL (ARCHITECTURE.md, "The store interface"):
# no source under cmd/ or elsewhere in lib/ includes a SQLite or libpq header, calls their API
# or holds a SQL statement; and none names a store's implementation (lib/itsm/store/<backend>/):
# callers hold a store::Store and store::open chooses. The suite plants each in a copy of the
# tree to show the scan finds it.
source "$(dirname "$0")/lib.sh"

# scan ROOT: file:line:text of each SQLite or libpq include, API call or SQL statement outside the
# store.
scan() {
  (cd "$1" && grep -rnE --include='*.cpp' --include='*.hpp' \
    -e '#include <(SQLiteCpp/|sqlite3\.h)' -e '\bsqlite3_[a-z_]+\(' -e 'SQLite::' \
    -e '#include <itsm/store/[a-z]+/' -e 'store::(sqlite|postgres)::' \
    -e '#include <libpq-fe\.h>' -e '\bPQ[a-z][A-Za-z]+\(' \
    -e '"(SELECT|INSERT INTO|UPDATE [a-z_]+ SET|DELETE FROM|CREATE (TABLE|INDEX|TRIGGER)|PRAGMA|ATTACH|BEGIN( IMMEDIATE)?;|COMMIT)\b' \
    lib cmd | grep -v '^lib/itsm/store/')
}

expect_eq "$(scan "$ITSM_SOURCE_DIR")" "" "SQL outside lib/itsm/store"

copy=$SCRATCH/tree
copy_tree "$copy"
planted=$copy/lib/itsm/report/planted.cpp
for line in \
  '#include <SQLiteCpp/SQLiteCpp.h>' \
  '#include <sqlite3.h>' \
  'void f(sqlite3* db) { sqlite3_exec(db, "", nullptr, nullptr, nullptr); }' \
  'void g(SQLite::Database& db) { (void)db; }' \
  'const char* q = "SELECT number FROM tickets";' \
  'const char* i = "INSERT INTO events (ticket) VALUES (?)";' \
  'const char* u = "UPDATE tickets SET status = ?";' \
  'const char* d = "DELETE FROM links WHERE ticket = ?";' \
  '#include <itsm/store/sqlite/store.hpp>' \
  'void h(itsm::store::sqlite::Store& s) { (void)s; }' \
  'void k(itsm::store::postgres::Store& s) { (void)s; }' \
  '#include <libpq-fe.h>' \
  'void p(PGconn* c) { PQexec(c, "VACUUM"); }'; do
  echo "$line" >"$planted"
  expect_match "$(scan "$copy" | grep planted)" "^lib/itsm/report/planted.cpp:1:" "planted and found: $line"
done
# Words of other formats are not SQL: an iCalendar file begins with BEGIN:VCALENDAR.
echo 'bool v(std::string_view t) { return t.starts_with("BEGIN:VCALENDAR"); }' >"$planted"
expect_eq "$(scan "$copy" | grep planted)" "" "BEGIN:VCALENDAR is not SQL"

finish

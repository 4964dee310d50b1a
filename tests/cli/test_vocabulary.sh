#!/usr/bin/env bash
# The history's vocabulary has one home (ARCHITECTURE.md, "The event vocabulary"): no source
# under lib/ or cmd/ outside lib/itsm/model spells an event kind as a string literal where a
# kind is meant (compared with or assigned to a kind, passed where a kind goes, named in SQL
# against the events' kind column); it names model::EventKind instead. Status words (assigned,
# resolved, closed) are the same words: a status use is not a kind use and is not reported.
# The suite also plants literals in a copy of the tree to show that the scan finds them.
source "$(dirname "$0")/lib.sh"

# The schema's SQL is text the store keeps (its triggers and migrations are history a store
# file holds as written), so it names the kinds it indexes as SQL text. Nothing else may.
ALLOWED=(
  lib/itsm/store/schema.hpp # the full-text index's triggers on noted events
)

# The stored names, read from their one definition.
kinds() {
  sed -n '/k_kind_names{/,/};/p' "$1/lib/itsm/model/event.cpp" | grep -o '"[a-z-]\+"' |
    tr -d '"' | paste -sd'|'
}

# scan ROOT: one line (file:line:text) per kind literal in kind position outside the model.
scan() {
  local root=$1 k
  k=$(kinds "$root")
  [ -n "$k" ] || { echo "no kinds found in $root/lib/itsm/model/event.cpp"; return; }
  # Compared with, assigned to or selected by a kind (C++ and SQL); compared with a notice's
  # event; a notice wanted by name; passed as an argument among others (a call that records
  # or queues an event); quoted in SQL on a line that is not about a ticket's status or a
  # message's outcome, whose names are kind words too (docs/mail.md) (a statement split over
  # lines, "IN ('logged', ...)", "WHEN 'noted'").
  local patterns=(
    "kind\\b[^;]{0,60}?[\"']($k)[\"']"
    "\\bevent\\s*(==|!=)\\s*\"($k)\""
    "\\bwants\\(\\s*\"($k)\"\\s*\\)"
    "\\([^;(){}\"]*,\\s*\"($k)\"\\s*,"
    "^(?!.*\\b(status|outcome)\\b).*'($k)'"
  )
  local joined
  joined=$(IFS='|'; echo "${patterns[*]}")
  (cd "$root" && grep -rnP --include='*.cpp' --include='*.hpp' "$joined" lib cmd |
    grep -v '^lib/itsm/model/')
}

# outside_allowlist: the lines of stdin whose file is not in ALLOWED.
outside_allowlist() {
  local line file allowed
  while IFS= read -r line; do
    file=${line%%:*}
    allowed=0
    for a in "${ALLOWED[@]}"; do
      [ "$file" = "$a" ] && allowed=1
    done
    [ "$allowed" -eq 1 ] || echo "$line"
  done
}

# --- The tree as it is -------------------------------------------------------------------
found=$(scan "$ITSM_SOURCE_DIR" | outside_allowlist)
expect_eq "$found" "" "no event-kind literal outside lib/itsm/model and the allowlist"

CHECKS=$((CHECKS + 1))
for a in "${ALLOWED[@]}"; do
  if [ -z "$(scan "$ITSM_SOURCE_DIR" | grep "^$a:")" ]; then
    fail "$a is allowed kind literals but has none: take it off the list"
  fi
done

# --- The scan finds what is planted ------------------------------------------------------
copy=$SCRATCH/tree
copy_tree "$copy"
planted=$copy/lib/itsm/desk/planted.cpp
for line in \
  'bool a(const model::Event& e) { return e.kind == "escalated"; }' \
  'bool b(const model::Event& e) { return model::stored_kind(e) != "noted"; }' \
  'const char* c = "SELECT count(*) FROM events WHERE kind = '"'"'held'"'"'";' \
  'const char* d = "SELECT id FROM events e WHERE e.kind IN ('"'"'resolved'"'"', '"'"'closed'"'"')";' \
  'bool f(const Notice& n) { return n.event == "reopened"; }' \
  'void g(Store& s) { record(s, t, "assigned", detail); }' \
  'bool h(const Config& c) { return c.notify.wants("logged"); }'; do
  echo "$line" >"$planted"
  hits=$(scan "$copy" | outside_allowlist)
  expect_match "$hits" "^lib/itsm/desk/planted.cpp:1:" "a planted literal is found: $line"
done
# ... in SQL split over lines,
printf '%s\n' '    "SELECT e.id, CASE e.kind WHEN "' \
  '    "'"'"'noted'"'"' THEN '"'"'{}'"'"' ELSE e.detail END FROM events"' >"$planted"
expect_match "$(scan "$copy" | outside_allowlist)" "^lib/itsm/desk/planted.cpp:2:" \
  "a kind quoted in SQL split over lines is found"
# ... in a file of the allowlist too, when it is not SQL of that file's own.
before=$(scan "$copy" | grep -c '^lib/itsm/store/schema.hpp:')
echo 'bool x(const model::Event& e) { return e.kind == "linked"; }' >>"$copy/lib/itsm/store/schema.hpp"
expect_eq "$(scan "$copy" | grep -c '^lib/itsm/store/schema.hpp:')" "$((before + 1))" \
  "a literal added to an allowed file is seen by the scan"

# Status words where a status is meant are not kind literals.
for line in \
  'bool s1(const Ticket& t) { return t.status == model::Status::resolved; }' \
  'const char* s2 = "SELECT count(*) FROM tickets WHERE status IN ('"'"'resolved'"'"', '"'"'closed'"'"')";' \
  'void s3(Json& j) { j = {{"resolved", 1}, {"closed", 2}}; }' \
  'void s4(Out& o) { o.result = "reopened"; figure("resolved", 3); }' \
  'std::string s5() { return csv_line({"section", "opened", "resolved", "closed"}); }' \
  '    "outcome IN ('"'"'logged'"'"', '"'"'reopened'"'"') AND "'; do
  echo "$line" >"$planted"
  hits=$(scan "$copy" | grep '^lib/itsm/desk/planted.cpp:')
  expect_eq "$hits" "" "a status, report or outcome word is not a kind literal: $line"
done

finish

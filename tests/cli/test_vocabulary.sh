#!/usr/bin/env bash
# The history's vocabulary has one home (ARCHITECTURE.md, "The event vocabulary"): no source
# under lib/ or cmd/ outside lib/itsm/model spells an event kind as a string literal where a
# kind is meant (compared with or assigned to a kind, passed where a kind goes, named in SQL
# against the events' kind column); it names model::EventKind instead. Status words (assigned,
# resolved, closed) are the same words: a status use is not a kind use and is not reported.
# The same holds for the keys of an event's detail (model::key): no source outside the model
# spells one as a string literal where a detail is read or written. A command's or report's own
# JSON output uses some of the same words ("group", "to"): that is its output contract, another
# vocabulary, and is not reported. The suite also plants literals in a copy of the tree to show
# that each scan finds them.
source "$(dirname "$0")/lib.sh"

# The schema's SQL is text the store keeps (its triggers and migrations are history a store
# file holds as written), so it names the kinds it indexes as SQL text. Nothing else may.
ALLOWED=(
  lib/itsm/store/schema.hpp          # the full-text index's triggers on noted events
  lib/itsm/store/postgres/schema.hpp # the same on the PostgreSQL store
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

# outside LIST: the lines of stdin whose file is not in the array named LIST.
outside() {
  local -n list=$1
  local line file allowed
  while IFS= read -r line; do
    file=${line%%:*}
    allowed=0
    for a in "${list[@]}"; do
      [ "$file" = "$a" ] && allowed=1
    done
    [ "$allowed" -eq 1 ] || echo "$line"
  done
}

# outside_allowlist: the lines of stdin whose file is not in ALLOWED.
outside_allowlist() { outside ALLOWED; }

# --- The tree as it is -------------------------------------------------------------------
found=$(scan "$ITSM_SOURCE_DIR" | outside_allowlist)
expect_eq "$found" "" "no event-kind literal outside lib/itsm/model and the allowlist"

# still_needed LIST SCAN WHAT: each file of the array named LIST is still found by SCAN, or it
# has no WHAT left and should leave the list.
still_needed() {
  local -n needed=$1
  CHECKS=$((CHECKS + 1))
  for a in "${needed[@]}"; do
    if [ -z "$("$2" "$ITSM_SOURCE_DIR" | grep "^$a:")" ]; then
      fail "$a is allowed $3 but has none: take it off the list"
    fi
  done
}
still_needed ALLOWED scan "kind literals"

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

# === The keys of an event's detail =========================================================

# The schema's SQL is text a store file holds as written (see ALLOWED): its full-text triggers
# read the noted events' text from their detail. Nothing else may spell a key.
ALLOWED_KEYS=(
  lib/itsm/store/schema.hpp # the full-text index's triggers read a note's "$.text"
)

# The keys, read from their one definition (namespace model::key).
detail_keys() {
  sed -n '/^namespace key {/,/^} \/\/ namespace key/p' "$1/lib/itsm/model/event.hpp" |
    grep -o '= "[a-z_]\+"' | grep -o '[a-z_]\+' | paste -sd'|'
}

# scan_keys ROOT: one line (file:line:text) per key literal in a detail position outside the
# model, once each.
scan_keys() {
  local root=$1 k
  k=$(detail_keys "$root")
  [ -n "$k" ] || { echo "no keys found in $root/lib/itsm/model/event.hpp"; return; }
  # On one line: a detail (or an update's changes) subscripted, or asked value, contains, find
  # or at, with a literal key (also as a branch of ?:); a reader of the model (detail_text,
  # detail_flag, changed_to) or any call given a detail and a literal key; a key in SQL's
  # json_extract.
  local lines=(
    "\\b(detail|d|changes)\\s*(\\[|\\.(value|contains|find|at)\\()\\s*([^;,()\\[\\]]*[?:]\\s*)?\"($k)\""
    "\\b(detail_text|detail_flag|changed_to)\\s*\\([^;]*?,\\s*\"($k)\""
    "\\(\\s*[\\w.>-]*\\bdetail\\s*,\\s*\"($k)\""
    "json_extract\\([^)]*'\\\$\\.($k)'"
  )
  # Over lines too (clang-format breaks them): a JSON object literal passed to a call that
  # makes or records an event (make_event, append_event, the desk's event, the importer's
  # add_event, mail-in's record), or that is a detail (assigned to one or initialising one).
  local objects=(
    "\\b(make_event|append_event|event|add_event|record)\\s*\\([^;{}]*\\{\\s*\\{\\s*\"($k)\""
    "\\b(detail|d|logged|changes)(\\s*\\[[^];]*\\])?\\s*=?\\s*\\{\\s*\\{?\\s*\"($k)\""
  )
  local joined object
  joined=$(IFS='|'; echo "${lines[*]}")
  object=$(IFS='|'; echo "${objects[*]}")
  (cd "$root" && {
    grep -rnP --include='*.cpp' --include='*.hpp' "$joined" lib cmd
    # The line of the key's literal: the last group of the match.
    find lib cmd \( -name '*.cpp' -o -name '*.hpp' \) -print0 | sort -z |
      xargs -0 perl -0777 -ne '
        BEGIN { $re = shift @ARGV }
        while (/$re/g) {
          my $at = $-[$#-];
          my $line = 1 + (substr($_, 0, $at) =~ tr/\n//);
          my $start = rindex($_, "\n", $at) + 1;
          my $end = index($_, "\n", $at);
          print "$ARGV:$line:", substr($_, $start, ($end < 0 ? length : $end) - $start), "\n";
        }' "$object"
  } | grep -v '^lib/itsm/model/' | sort -u)
}

# keys_outside_allowlist: the lines of stdin whose file is not in ALLOWED_KEYS.
keys_outside_allowlist() { outside ALLOWED_KEYS; }

# --- The tree as it is -------------------------------------------------------------------
expect_match "$(detail_keys "$ITSM_SOURCE_DIR")" '(^|[|])group([|]|$)' \
  "the detail keys are read from model::key"
found=$(scan_keys "$ITSM_SOURCE_DIR" | keys_outside_allowlist)
expect_eq "$found" "" "no detail-key literal outside lib/itsm/model and the allowlist"

still_needed ALLOWED_KEYS scan_keys "detail-key literals"

# --- The scan finds what is planted, one literal of each pattern -------------------------
for line in \
  'bool k1(const model::Event& e) { return e.detail.value("hierarchical", false); }' \
  'int k2(const Json& d) { return d.value(up ? "level" : "tier", 0); }' \
  'void k3(model::Event& e) { e.detail["cc"] = cc; }' \
  'bool k4(const Json& d) { return d.contains("changes"); }' \
  'bool k5(const Json& changes) { return changes.find("outage_start") != changes.end(); }' \
  'const Json& k6(const Json& detail) { return detail.at("linked"); }' \
  'std::string_view k7(const model::Event& e) { return model::detail_text(e.detail, "group"); }' \
  'bool k8(const model::Event& e) { return model::detail_flag(e.detail, "automatic"); }' \
  'auto k9(const model::Event& e) { return model::changed_to(e.detail, "priority"); }' \
  'std::string k10(const Notice& n) { return text_of(n.detail, "reason"); }' \
  'const char* k11 = "SELECT json_extract(detail, '"'"'$.text'"'"') FROM events";' \
  'auto k12() { return model::make_event(K::noted, at, "", {{"text", note}}); }' \
  'void k13(Store& s, model::Event& e) { s.append_event(e); s.append_event({{"public", true}}); }' \
  'auto k14 = internal::event(stamp, EventKind::linked, {{"linked", id}, {"relation", r}});' \
  'void k15(model::Event& e) { e.detail = {{"text", text}, {"to", to}}; }' \
  'Json k16() { Json d = {{"message_id", id}}; return d; }' \
  'void k17(Json& changes) { changes[key::outage_end] = {{"from", a}, {"to", b}}; }'; do
  echo "$line" >"$planted"
  hits=$(scan_keys "$copy" | keys_outside_allowlist)
  expect_match "$hits" "^lib/itsm/desk/planted.cpp:1:" "a planted key literal is found: $line"
done
# ... in a JSON object broken over lines (the key's own line is reported),
printf '%s\n' '    record(*t, model::EventKind::bounced,' \
  '           {{"subject", m.subject}, {key::text, m.text}});' >"$planted"
expect_match "$(scan_keys "$copy" | keys_outside_allowlist)" "^lib/itsm/desk/planted.cpp:2:" \
  "a key of an event's detail broken over lines is found"
printf '%s\n' '    nlohmann::json logged = {' '        {"type", t}, {key::title, title}};' >"$planted"
expect_match "$(scan_keys "$copy" | keys_outside_allowlist)" "^lib/itsm/desk/planted.cpp:2:" \
  "a key of a logged detail broken over lines is found"
# ... and in a file of the allowlist, when it is not in that file's SQL.
before=$(scan_keys "$copy" | grep -c '^lib/itsm/store/schema.hpp:')
echo 'bool y(const model::Event& e) { return e.detail.contains("outage"); }' \
  >>"$copy/lib/itsm/store/schema.hpp"
expect_eq "$(scan_keys "$copy" | grep -c '^lib/itsm/store/schema.hpp:')" "$((before + 1))" \
  "a key literal added to an allowed file is seen by the scan"

# The same words as a command's output or a configuration's keys are not detail keys.
for line in \
  'void o1(Json& j, const Row& p) { j.push_back({{"group", p.group}, {"assignee", p.assignee}}); }' \
  'Json o2(const Ticket& t) { return {{"id", id}, {"resolution", t.resolution}}; }' \
  'void o3(Json& j) { j["escalations"] = {{"functional", a}, {"hierarchical", b}}; }' \
  'void o4(Json& out) { out["outage"] = {{"service", s}, {"start", a}}; }' \
  'bool o5(const Json& d) { return d.value(model::key::hierarchical, false); }' \
  'void o6(Json& d) { d[key::group] = g; d[key::channel] = "email"; }' \
  'void o7() { line("group", t.group); add_option("--to", to, "the group"); }'; do
  echo "$line" >"$planted"
  hits=$(scan_keys "$copy" | grep '^lib/itsm/desk/planted.cpp:')
  expect_eq "$hits" "" "an output or configuration word, or a key by name, is not reported: $line"
done

finish

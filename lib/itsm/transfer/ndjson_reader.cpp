// The NDJSON reader: one line of an export, a ticket with its links and events, into a Row.
#include <itsm/core/suggest.hpp>
#include <itsm/transfer/json_scan.hpp>
#include <itsm/transfer/ndjson_reader.hpp>

#include <fmt/format.h>

namespace itsm::transfer {

namespace {

void read_instant(JsonScanner& s, std::string& scratch, Slot& slot, std::string_view key) {
    if (s.consume_null()) {
        slot.null = true;
        return;
    }
    s.string(scratch);
    const auto t = parse_utc(scratch);
    if (!t) {
        throw Bad{fmt::format("{} \"{}\" is not an RFC 3339 time such as 2026-11-23T08:15:00Z", key,
                              scratch)};
    }
    slot.integer = *t;
    slot.null = false;
}

void read_events(JsonScanner& s, Row& row, std::string& scratch) {
    s.expect('[', "'[' (events is an array)");
    if (s.consume(']')) {
        return;
    }
    do {
        RawEvent& e = row.next_event();
        bool at = false;
        bool kind = false;
        s.expect('{', "'{' (each event is an object)");
        if (!s.consume('}')) {
            do {
                s.string(scratch);
                s.expect(':', "':'");
                const std::string_view name = scratch; // compared by length first
                if (name == "at") {
                    s.string(scratch);
                    const auto t = parse_utc(scratch);
                    if (!t) {
                        throw Bad{fmt::format("event {}: at \"{}\" is not an RFC 3339 time",
                                              row.n_events, scratch)};
                    }
                    e.at = *t;
                    at = true;
                } else if (name == "actor") {
                    s.string(e.actor);
                } else if (name == "role") {
                    if (!s.consume_null()) {
                        s.string(e.role);
                    }
                } else if (name == "kind") {
                    s.string(e.kind);
                    kind = true;
                } else if (name == "detail") {
                    if (!s.peek('{')) {
                        throw Bad{
                            fmt::format("event {}: detail must be a JSON object", row.n_events)};
                    }
                    e.detail = s.raw_value();
                } else {
                    throw Bad{fmt::format("event {}: unknown key \"{}\"; an event has at, actor, "
                                          "role, kind and detail",
                                          row.n_events, scratch)};
                }
            } while (s.consume(','));
            s.expect('}', "',' or '}'");
        }
        if (!at || !kind) {
            throw Bad{fmt::format("event {} needs \"at\" and \"kind\"", row.n_events)};
        }
    } while (s.consume(','));
    s.expect(']', "',' or ']'");
}

void read_links(JsonScanner& s, Row& row, std::string& scratch) {
    s.expect('[', "'[' (links is an array)");
    if (s.consume(']')) {
        return;
    }
    do {
        LinkIn& l = row.next_link();
        bool number = false;
        s.expect('{', "'{' (each link is an object)");
        if (!s.consume('}')) {
            do {
                s.string(scratch);
                s.expect(':', "':'");
                const std::string_view name = scratch;
                if (name == "number") {
                    l.other = s.integer();
                    number = true;
                } else if (name == "relation") {
                    s.string(l.relation);
                } else if (name == "id") {
                    s.raw_value();
                } else {
                    throw Bad{fmt::format("link {}: unknown key \"{}\"; a link has number, id "
                                          "and relation",
                                          row.n_links, scratch)};
                }
            } while (s.consume(','));
            s.expect('}', "',' or '}'");
        }
        if (!number) {
            throw Bad{fmt::format("link {} needs \"number\"", row.n_links)};
        }
    } while (s.consume(','));
    s.expect(']', "',' or ']'");
}

} // namespace

void parse_json_line(std::string_view line, Row& row, std::string& key) {
    JsonScanner s(line);
    s.expect('{', "'{': each line is one ticket as a JSON object");
    std::size_t expected = 0;
    bool seen_id = false, seen_links = false, seen_events = false;
    auto once = [&](bool& seen, const std::string& name) {
        if (seen) {
            throw Bad{fmt::format("\"{}\" appears twice", name)};
        }
        seen = true;
    };
    if (!s.consume('}')) {
        do {
            s.string(key);
            s.expect(':', "':'");
            const std::string_view name = key;
            if (name == "events") {
                once(seen_events, key);
                read_events(s, row, key);
                continue;
            }
            if (name == "links") {
                once(seen_links, key);
                read_links(s, row, key);
                continue;
            }
            if (name == "id") {
                once(seen_id, key);
                s.raw_value();
                continue;
            }
            const std::size_t i = field_index(key, expected);
            if (i == k_fields.size()) {
                throw Bad{
                    fmt::format("unknown field \"{}\"{}", key, did_you_mean(key, field_keys()))};
            }
            expected = i + 1;
            Slot& slot = row.fields[i];
            if (row.present[i]) {
                throw Bad{fmt::format("\"{}\" appears twice", key)};
            }
            row.present[i] = true;
            switch (field_kind(i)) {
            case FieldKind::text:
                if (s.consume_null()) {
                    slot.text.clear();
                } else {
                    s.string(slot.text);
                }
                slot.null = false;
                break;
            case FieldKind::integer:
            case FieldKind::optional_integer:
                slot.null = s.consume_null();
                if (!slot.null) {
                    slot.integer = s.integer();
                }
                break;
            case FieldKind::instant:
            case FieldKind::optional_instant:
                read_instant(s, key, slot, k_fields[i].key);
                break;
            }
        } while (s.consume(','));
        s.expect('}', "',' or '}'");
    }
    s.expect_end();
}

} // namespace itsm::transfer

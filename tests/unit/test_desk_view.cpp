// lib/itsm/desk/view: the ticket object of docs/json.md, written member by member, is exactly
// what nlohmann prints for the same object built as a document.
#include <itsm/desk/view.hpp>
#include <itsm/render/json_writer.hpp>

#include <doctest/doctest.h>

#include <random>

using namespace itsm;
using nlohmann::json;

namespace {

json instant(const std::optional<time::Instant>& t) {
    return t ? json(time::format_utc(*t)) : json(nullptr);
}

// The object as docs/json.md describes it, built as a document.
json clock_document(const sla::Clock& c, bool with_ledger) {
    json j = {{"target_minutes", c.target ? json(c.target->count() / 60) : json(nullptr)},
              {"due", instant(c.due)},
              {"state", sla::to_string(c.state)},
              {"breached", c.breached},
              {"at_risk", c.at_risk},
              {"counted_minutes", c.counted.count() / 60}};
    if (with_ledger) {
        j["ledger"] = json::array();
        for (const auto& s : c.ledger) {
            j["ledger"].push_back({{"from", time::format_utc(s.from)},
                                   {"to", time::format_utc(s.to)},
                                   {"kind", calendar::to_string(s.kind)},
                                   {"minutes", (s.to - s.from).count() / 60}});
        }
    }
    return j;
}

json document(const desk::TicketView& v, bool with_events, bool with_ledger) {
    const auto& t = v.ticket;
    json j = {{"id", v.id},
              {"number", t.number},
              {"opened_at", time::format_utc(t.opened_at)},
              {"responded_at", instant(t.responded_at)},
              {"resolved_at", instant(t.resolved_at)},
              {"closed_at", instant(t.closed_at)},
              {"tier", t.tier},
              {"escalation_level", t.escalation_level},
              {"resolution", t.resolution},
              {"resolution_code", t.resolution_code},
              {"satisfaction", t.satisfaction ? json(*t.satisfaction) : json(nullptr)},
              {"comment", t.comment},
              {"sla",
               {{"window", v.sla.window},
                {"response", clock_document(v.sla.response, with_ledger)},
                {"resolve", clock_document(v.sla.resolve, with_ledger)},
                {"update", clock_document(v.sla.update, with_ledger)}}},
              {"links", json::array()},
              {"outage", nullptr}};
    for (const auto& [name, value] : model::text_fields(t)) {
        j[std::string(name)] = value;
    }
    for (const auto& l : v.links) {
        j["links"].push_back({{"id", l.id}, {"relation", l.relation}});
    }
    if (t.type == model::Type::problem || t.type == model::Type::change) {
        j["incidents"] = desk::incidents_of(v);
    }
    if (v.outage) {
        j["outage"] = {{"service", v.outage->service},
                       {"start", time::format_utc(v.outage->start)},
                       {"end", instant(v.outage->effective_end())},
                       {"end_recorded", v.outage->end.has_value()}};
    }
    if (with_events) {
        j["events"] = json::array();
        for (const auto& e : v.events) {
            j["events"].push_back({{"at", time::format_utc(e.at)},
                                   {"actor", e.actor},
                                   {"kind", std::string(model::stored_kind(e))},
                                   {"detail", e.detail},
                                   {"role", e.role ? json(*e.role) : json(nullptr)}});
        }
    }
    return j;
}

std::string written(const desk::TicketView& v, bool with_events, bool with_ledger, int depth) {
    std::string text;
    render::JsonWriter w(text, depth);
    desk::write_json(w, v, with_events, with_ledger);
    return text;
}

// A view with random content: texts with quotes, controls and non-ASCII letters, optional
// instants, links, an outage, events and ledgers.
struct Random {
    std::mt19937 rng;
    explicit Random(unsigned seed) : rng(seed) {}
    int below(int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); }
    bool coin() { return below(2) == 0; }
    std::string text() {
        static const std::vector<std::string> parts = {
            "VPN", " down", "\"quoted\"", "back\\slash", "tab\t", "line\n", "Zürich", "東京", ""};
        std::string s;
        for (int i = below(4); i > 0; --i) {
            s += parts[static_cast<std::size_t>(below(static_cast<int>(parts.size())))];
        }
        return s;
    }
    time::Instant instant() { return time::from_epoch(1'790'000'000 + below(10'000'000)); }
    std::optional<time::Instant> maybe() {
        return coin() ? std::optional(instant()) : std::nullopt;
    }
    sla::Clock clock() {
        sla::Clock c;
        if (coin()) {
            c.target = std::chrono::minutes(below(5000));
        }
        c.due = maybe();
        c.state = static_cast<sla::ClockState>(below(5));
        c.breached = coin();
        c.at_risk = coin();
        c.counted = std::chrono::seconds(below(900'000));
        for (int i = below(3); i > 0; --i) {
            const auto from = instant();
            c.ledger.push_back({from, from + std::chrono::minutes(below(600)),
                                static_cast<calendar::SegmentKind>(below(4))});
        }
        return c;
    }
    desk::TicketView view() {
        desk::TicketView v;
        auto& t = v.ticket;
        t.number = below(1'000'000) + 1;
        t.type = static_cast<model::Type>(below(5));
        t.status = static_cast<model::Status>(below(5));
        for (auto* s : {&t.title, &t.description, &t.priority, &t.service, &t.group, &t.assignee,
                        &t.requester, &t.email, &t.org, &t.channel, &t.resolution,
                        &t.resolution_code, &t.comment, &t.hold_reason}) {
            *s = text();
        }
        t.opened_at = instant();
        t.updated_at = instant();
        t.responded_at = maybe();
        t.resolved_at = maybe();
        t.closed_at = maybe();
        t.tier = below(4);
        t.escalation_level = below(3);
        if (coin()) {
            t.satisfaction = below(5) + 1;
        }
        v.id = "INC-" + std::to_string(t.number);
        v.sla.window = text();
        v.sla.response = clock();
        v.sla.resolve = clock();
        v.sla.update = clock();
        for (int i = below(3); i > 0; --i) {
            v.links.push_back(
                {"PRB-" + std::to_string(below(99)), coin() ? "incident" : "problem"});
        }
        if (coin()) {
            v.outage = availability::Outage{t.number, text(), instant(), maybe(), maybe()};
        }
        for (int i = below(3); i > 0; --i) {
            auto e = model::make_event(static_cast<model::EventKind>(below(16)), instant(), text(),
                                       {{"group", text()}, {"tier", below(3)}, {"x", {1, 2.5}}});
            if (e.kind == model::EventKind::other) {
                e.other_kind = "migrated";
            }
            if (coin()) {
                e.role = text(); // as a server records it
            }
            v.events.push_back(std::move(e));
        }
        return v;
    }
};

} // namespace

TEST_CASE("a ticket written member by member is dump(2) of its document") {
    Random random(17);
    for (int round = 0; round < 300; ++round) {
        const auto v = random.view();
        const bool with_events = round % 2 == 0;
        const bool with_ledger = round % 3 == 0;
        CAPTURE(round);
        const json expected = document(v, with_events, with_ledger);
        CHECK(written(v, with_events, with_ledger, 0) == expected.dump(2));
        CHECK(desk::to_json(v, with_events, with_ledger) == expected);
        // One level down, as an item of `list`'s array: every line after the first indented.
        CHECK(written(v, false, false, 1) == [&] {
            std::string s = document(v, false, false).dump(2);
            for (std::size_t at = s.find('\n'); at != std::string::npos;
                 at = s.find('\n', at + 1)) {
                s.insert(at + 1, "  ");
            }
            return s;
        }());
    }
}

TEST_CASE("the history names the role that wrote an event when it is not the actor") {
    desk::TicketView v;
    v.id = "INC-1";
    v.ticket.number = 1;
    const auto at = time::from_epoch(1'790'000'000);
    auto own = model::make_event(model::EventKind::logged, at, "ann", json::object());
    auto file = own;
    own.role = "ann";
    auto relayed = model::make_event(model::EventKind::noted, at, "customer@example.org",
                                     {{"text", "thanks"}});
    relayed.role = "gateway\x1b[2J";
    v.events = {file, own, relayed};
    const auto zone = time::find_zone("UTC");
    REQUIRE(zone.has_value());
    const std::string text = desk::to_text(v, *zone, false);
    const std::string history = text.substr(text.find("\nhistory:\n"));
    // A file store's event and an agent's own read alike; the gateway's names itself, escaped.
    CHECK(history == "\nhistory:\n"
                     "  2026-09-21 14:13:20  ann        logged     \n"
                     "  2026-09-21 14:13:20  ann        logged     \n"
                     "  2026-09-21 14:13:20  customer@example.org via gateway\\x1b[2J noted      "
                     "text=thanks\n");
}

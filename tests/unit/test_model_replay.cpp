// lib/itsm/model/replay: a history folded with model::apply, and which fields it determines.
#include <itsm/model/event.hpp>
#include <itsm/model/replay.hpp>
#include <itsm/model/ticket.hpp>

#include <doctest/doctest.h>

using namespace itsm;
using model::EventKind;
using Json = nlohmann::json;

namespace {

model::Event at(EventKind kind, long long minutes, Json detail = Json::object()) {
    return model::make_event(kind, time::from_epoch(1'795'000'000 + minutes * 60), "alice",
                             std::move(detail));
}

const Json k_logged = {{"type", "incident"}, {"title", "VPN down"}, {"description", "all"},
                       {"priority", "P2"},   {"service", "vpn"},    {"group", "network"},
                       {"assignee", ""},     {"requester", "Ann"},  {"email", "ann@x.org"},
                       {"org", "Finance"},   {"channel", "phone"},  {"tier", 1}};

std::string field(const model::Fields& f, std::string_view name) {
    return f.find(name).value_or("<undetermined>");
}

} // namespace

TEST_CASE("a whole history determines every field, as apply leaves the row") {
    const std::vector<model::Event> history{
        at(EventKind::logged, 0, k_logged),
        at(EventKind::assigned, 5, {{"group", "network"}, {"assignee", "bob"}, {"tier", 1}}),
        at(EventKind::held, 10, {{"reason", "supplier"}}),
        at(EventKind::resumed, 70),
        at(EventKind::escalated, 80, {{"hierarchical", true}, {"level", 2}, {"to", "head"}}),
        at(EventKind::updated, 90,
           {{"changes", {{"title", {{"from", "VPN down"}, {"to", "VPN"}}}}}}),
        at(EventKind::resolved, 100, {{"resolution", "router restarted"}, {"code", "fixed"}}),
        at(EventKind::closed, 120, {{"satisfaction", 4}}),
    };
    model::Ticket row;
    for (const auto& e : history) {
        model::apply(row, e);
    }
    const auto replayed = model::replay(history);
    CHECK(replayed == model::state_fields(row));
    CHECK(field(replayed, "status") == "closed");
    CHECK(field(replayed, "title") == "VPN");
    CHECK(field(replayed, "escalation_level") == "2");
    CHECK(field(replayed, "satisfaction") == "4");
    CHECK(field(replayed, "hold_reason") == "");
    CHECK(field(replayed, "responded_at") == time::format_utc(history[1].at));
    CHECK(model::contradictions(replayed, model::state_fields(row)).empty());

    row.status = model::Status::resolved; // a row edited behind the history's back
    const auto found = model::contradictions(replayed, model::state_fields(row));
    REQUIRE(found.size() == 1);
    CHECK(model::describe(found[0]) == "status is \"resolved\" but its history gives \"closed\"");
}

TEST_CASE("the compared fields begin with the ticket's text fields, in their order") {
    const auto texts = model::text_fields(model::Ticket{});
    for (std::size_t i = 0; i < texts.size(); ++i) {
        CAPTURE(i);
        CHECK(texts[i].first == model::k_compared_fields[i]);
    }
}

TEST_CASE("fields kept between tickets take nothing from the one before") {
    model::Ticket first;
    first.title = "a title longer than a short string holds";
    first.satisfaction = 5;
    first.resolved_at = time::from_epoch(1'795'000'000);
    model::Fields f = model::state_fields(first);
    model::Ticket second;
    second.title = "VPN";
    model::state_fields(second, f);
    CHECK(f == model::state_fields(second));
    CHECK(field(f, "title") == "VPN");
    CHECK(field(f, "satisfaction") == "null");
    CHECK(field(f, "resolved_at") == "null");
    // A history that determines less than the last one leaves the rest undetermined.
    model::replay({at(EventKind::logged, 0, k_logged)}, f);
    CHECK(field(f, "status") == "assigned");
    Json imported = k_logged;
    imported["imported"] = true;
    model::replay({at(EventKind::logged, 0, imported)}, f);
    CHECK(field(f, "status") == "<undetermined>");
}

TEST_CASE("an imported history leaves what a CSV row does not say undetermined") {
    Json logged = k_logged;
    logged["imported"] = true;
    logged.erase("assignee");
    const auto replayed = model::replay(
        {at(EventKind::logged, 0, logged), at(EventKind::noted, 3, {{"text", "called back"}})});
    for (const char* name : {"status", "assignee", "responded_at", "updated_at", "escalation_level",
                             "resolution", "satisfaction", "hold_reason"}) {
        CAPTURE(name);
        CHECK(field(replayed, name) == "<undetermined>");
    }
    CHECK(field(replayed, "title") == "VPN down");
    CHECK(field(replayed, "resolved_at") == "null");

    // A later resolution says what the CSV row did not; the status while the person is not
    // known stays undetermined after a reopen.
    const auto reopened = model::replay({at(EventKind::logged, 0, logged),
                                         at(EventKind::resolved, 9, {{"resolution", "done"}}),
                                         at(EventKind::reopened, 20)});
    CHECK(field(reopened, "resolution") == "done");
    CHECK(field(reopened, "resolved_at") == "null");
    CHECK(field(reopened, "status") == "<undetermined>");
}

TEST_CASE("what older or linked histories do not record is undetermined") {
    Json linked = k_logged;
    linked["from"] = "INC-1";
    for (const char* name : {"description", "tier", "requester", "org"}) {
        linked.erase(name);
    }
    const auto replayed = model::replay({at(EventKind::logged, 0, linked)});
    for (const char* name : {"description", "tier", "requester", "org"}) {
        CAPTURE(name);
        CHECK(field(replayed, name) == "<undetermined>");
    }
    CHECK(field(replayed, "email") == "ann@x.org");
    CHECK(field(replayed, "status") == "assigned");

    // An assignment that records no tier leaves the tier undetermined; a functional
    // escalation records it (none is 0).
    auto history = std::vector<model::Event>{at(EventKind::logged, 0, k_logged),
                                             at(EventKind::assigned, 1, {{"assignee", "bob"}})};
    CHECK(field(model::replay(history), "tier") == "<undetermined>");
    history.push_back(at(EventKind::escalated, 2, {{"group", "desk"}}));
    CHECK(field(model::replay(history), "tier") == "0");
    CHECK(field(model::replay(history), "assignee") == "");

    // Nothing is determined before the ticket is logged.
    CHECK(model::replay({}).empty());
}

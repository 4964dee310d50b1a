// lib/itsm/model/event: the history's vocabulary, the response rule, and apply.
#include <itsm/model/event.hpp>
#include <itsm/model/ticket.hpp>

#include <doctest/doctest.h>

using namespace itsm;
using model::EventKind;
using Json = nlohmann::json;

namespace {

model::Event event(EventKind kind, long long seconds, Json detail = Json::object()) {
    return model::make_event(kind, time::from_epoch(1'795'000'000 + seconds), "alice",
                             std::move(detail));
}

} // namespace

TEST_CASE("event kinds and their stored names") {
    for (const auto kind : model::event_kinds()) {
        CAPTURE(model::to_string(kind));
        CHECK(model::parse_event_kind(model::to_string(kind)) == kind);
    }
    CHECK(model::event_kinds().size() == 15);
    CHECK(std::string(model::to_string(EventKind::escalated)) == "escalated");
    CHECK(model::parse_event_kind("migrated") == EventKind::other);
    CHECK(model::parse_event_kind("") == EventKind::other);
    CHECK(model::parse_event_kind("Logged") == EventKind::other);

    model::Event e;
    model::set_kind(e, "migrated");
    CHECK(e.kind == EventKind::other);
    CHECK(model::stored_kind(e) == "migrated");
    model::set_kind(e, "noted");
    CHECK(e.kind == EventKind::noted);
    CHECK(model::stored_kind(e) == "noted");
}

TEST_CASE("the response rule") {
    CHECK(model::is_response(event(EventKind::held, 0, {{"reason", "x"}})));
    CHECK(model::is_response(event(EventKind::noted, 0)));
    CHECK(model::is_response(event(EventKind::replied, 0)));
    CHECK(model::is_response(event(EventKind::resolved, 0)));
    CHECK(model::is_response(event(EventKind::closed, 0)));
    CHECK(model::is_response(event(EventKind::assigned, 0, {{"assignee", "bob"}})));
    CHECK_FALSE(model::is_response(event(EventKind::assigned, 0, {{"group", "g"}})));
    CHECK(model::is_response(event(EventKind::logged, 0, {{"assignee", "bob"}})));
    CHECK_FALSE(model::is_response(event(EventKind::logged, 0)));
    CHECK(model::is_response(event(EventKind::escalated, 0, {{"group", "g"}})));
    CHECK_FALSE(model::is_response(event(EventKind::escalated, 0, {{"automatic", true}})));
    for (const auto kind :
         {EventKind::resumed, EventKind::updated, EventKind::reopened, EventKind::linked,
          EventKind::unlinked, EventKind::received, EventKind::bounced, EventKind::other}) {
        CAPTURE(model::to_string(kind));
        CHECK_FALSE(model::is_response(event(kind, 0)));
    }
}

TEST_CASE("apply") {
    model::Ticket t;
    t.number = 3;
    model::apply(t, event(EventKind::logged, 0,
                          {{"type", "request"},
                           {"title", "new laptop"},
                           {"priority", "P3"},
                           {"description", "for the new starter"},
                           {"group", "helpdesk"},
                           {"tier", 1}}));
    CHECK(t.number == 3);
    CHECK(t.type == model::Type::request);
    CHECK(t.status == model::Status::assigned);
    CHECK(t.tier == 1);
    CHECK(t.opened_at == time::from_epoch(1'795'000'000));
    CHECK_FALSE(t.responded_at.has_value());

    model::apply(t, event(EventKind::held, 60, {{"reason", "awaiting stock"}}));
    CHECK(t.status == model::Status::on_hold);
    CHECK(t.hold_reason == "awaiting stock");
    CHECK(t.responded_at == time::from_epoch(1'795'000'060));

    model::apply(t, event(EventKind::escalated, 120,
                          {{"from", "helpdesk"}, {"group", "second-line"}, {"tier", 2}}));
    CHECK(t.group == "second-line");
    CHECK(t.tier == 2);
    CHECK(t.status == model::Status::on_hold); // an escalation does not end a hold
    model::apply(t, event(EventKind::escalated, 130, {{"hierarchical", true}, {"level", 1}}));
    CHECK(t.escalation_level == 1);
    CHECK(t.group == "second-line");

    model::apply(
        t, event(EventKind::updated, 180,
                 {{"changes",
                   {{"priority", {{"from", "P3"}, {"to", "P2"}}},
                    {"outage_start", {{"from", nullptr}, {"to", "2026-01-01T00:00:00Z"}}}}}}));
    CHECK(t.priority == "P2");
    model::apply(t, event(EventKind::resolved, 240, {{"resolution", "delivered"}}));
    CHECK(t.status == model::Status::resolved);
    CHECK(t.hold_reason.empty());
    model::apply(t, event(EventKind::closed, 300, {{"satisfaction", 4}}));
    CHECK(t.status == model::Status::closed);
    CHECK(t.resolved_at == time::from_epoch(1'795'000'240));
    CHECK(t.closed_at == time::from_epoch(1'795'000'300));
    CHECK(t.satisfaction == 4);
    CHECK(t.resolution == "delivered");
    model::apply(t, event(EventKind::reopened, 360, {{"reason", "wrong model"}}));
    CHECK(t.status == model::Status::assigned);
    CHECK_FALSE(t.resolved_at.has_value());
    CHECK_FALSE(t.closed_at.has_value());
    model::apply(t, event(EventKind::linked, 420, {{"linked", "PRB-1"}}));
    CHECK(t.updated_at == time::from_epoch(1'795'000'420));
    CHECK(t.responded_at == time::from_epoch(1'795'000'060));
}

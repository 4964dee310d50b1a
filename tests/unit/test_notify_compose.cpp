// lib/itsm/notify: recipients from roles, templates and their placeholders, message building.
#include <itsm/core/error.hpp>
#include <itsm/notify/compose.hpp>

#include <doctest/doctest.h>

using namespace itsm;
using namespace itsm::notify;

namespace {

config::Config sample_config() {
    auto result = config::load_texts({{"itsm.toml", R"(
[[group]]
name = "network"
tier = 1
email = "network@example.org"

[escalation]
chain = [{ name = "Help Desk Manager", email = "hdm@example.org" },
         { name = "CEO", email = "ceo@example.org" }]

[notify]
spool = "/tmp/unused"
sender = "itsm@example.org"
events = ["logged", "assigned", "closed", "breached", "hierarchical"]

[notify.recipients]
logged = ["requester", "desk@example.org"]

[notify.agents]
bob = "bob@example.org"

[notify.orgs.MOF]
to = ["ict@mof.example.org"]
cc = ["ao@mof.example.org", "ict@mof.example.org"]
)"}});
    REQUIRE(result.diagnostics.empty());
    return std::move(result.config);
}

Notice sample_notice(const std::string& event) {
    Notice n;
    n.event = event;
    n.ticket.number = 42;
    n.ticket.title = "Switch down in building B";
    n.ticket.group = "network";
    n.ticket.email = "ann@example.org";
    n.ticket.org = "MOF";
    n.ticket.priority = "P2";
    n.id = "INC-42";
    n.event_id = 7;
    n.actor = "alice";
    n.at = time::from_epoch(1'796'029'200);
    return n;
}

} // namespace

TEST_CASE("recipients by role") {
    const auto config = sample_config();
    SUBCASE("assigned: requester, group and the organisation, its officer in copy") {
        const auto r = recipients(config, sample_notice("assigned"));
        CHECK(r.to == std::vector<std::string>{"ann@example.org", "network@example.org",
                                               "ict@mof.example.org"});
        CHECK(r.cc == std::vector<std::string>{"ao@mof.example.org"}); // not twice
    }
    SUBCASE("configured recipients replace the defaults") {
        const auto r = recipients(config, sample_notice("logged"));
        CHECK(r.to == std::vector<std::string>{"ann@example.org", "desk@example.org"});
        CHECK(r.cc.empty());
    }
    SUBCASE("breach: the group and the first level of the chain") {
        const auto r = recipients(config, sample_notice("breached"));
        CHECK(r.to == std::vector<std::string>{"network@example.org", "hdm@example.org"});
    }
    SUBCASE("the assignee by [notify.agents]") {
        auto n = sample_notice("breached");
        n.ticket.assignee = "bob";
        CHECK(recipients(config, n).to == std::vector<std::string>{"bob@example.org",
                                                                   "network@example.org",
                                                                   "hdm@example.org"});
        n.ticket.assignee = "carol"; // no address known
        CHECK(recipients(config, n).to ==
              std::vector<std::string>{"network@example.org", "hdm@example.org"});
    }
    SUBCASE("hierarchical: the level reached") {
        auto n = sample_notice("hierarchical");
        n.ticket.escalation_level = 2;
        CHECK(recipients(config, n).to ==
              std::vector<std::string>{"network@example.org", "ceo@example.org"});
    }
    SUBCASE("a requester e-mail that is not one address is left out") {
        auto n = sample_notice("logged");
        n.ticket.email = "ann@example.org; bob@example.org";
        CHECK(recipients(config, n).to == std::vector<std::string>{"desk@example.org"});
    }
}

TEST_CASE("event names") {
    model::Event e;
    e.kind = itsm::model::EventKind::escalated;
    e.detail = {{"hierarchical", true}};
    CHECK(event_name(e) == "hierarchical");
    e.detail = {{"group", "network"}};
    CHECK(event_name(e) == "escalated");
    e.kind = itsm::model::EventKind::closed;
    CHECK(event_name(e) == "closed");
}

TEST_CASE("templates") {
    const std::map<std::string, std::string> values = {{"id", "INC-1"}, {"title", "A\nB"}};
    SUBCASE("subject and body are filled apart") {
        const auto [subject, body] =
            notify::fill("Subject: [{id}] {title}\n\nSee {id}.\n", "t", values);
        CHECK(subject == "[INC-1] A\nB"); // the header writer makes the newline a space
        CHECK(body == "See INC-1.\n");
    }
    SUBCASE("braces") {
        CHECK(notify::fill("Subject: {{x}}\n\n", "t", values).first == "{x}");
    }
    SUBCASE("an unknown placeholder names file:line:column") {
        CHECK_THROWS_WITH_AS(
            notify::fill("Subject: x\n\nHello {nme}\n", "notify/logged.txt", values),
            doctest::Contains("notify/logged.txt:3:7: unknown placeholder {nme}"), ConfigError);
    }
    SUBCASE("a template needs its subject line") {
        CHECK_THROWS_AS(notify::fill("Hello\n", "t", values), ConfigError);
    }
    SUBCASE("every built-in template fills") {
        const auto config = sample_config();
        for (const auto& event : config::notify_event_names()) {
            auto n = sample_notice(event);
            CHECK_NOTHROW(notify::fill(builtin_template(event), event, placeholders(config, n)));
        }
    }
}

TEST_CASE("compose: the message of a notice") {
    const auto config = sample_config();
    auto n = sample_notice("assigned");
    const auto mail = compose(config, n);
    CHECK(mail.subject == "[INC-42] Assigned to network: Switch down in building B");
    CHECK(mail.from == "itsm@example.org");
    CHECK(mail.message_id == "itsm.42.7.assigned.1796029200@example.org");
    CHECK(mail.references == "itsm.42@example.org");
    CHECK(mail.body.find("Priority:      P2\n") != std::string::npos);
    CHECK(mail.body.find("Service:") == std::string::npos); // empty fields are left out
    SUBCASE("a closure invites the customer's comment") {
        n.event = "closed";
        n.ticket.resolution = "Replaced the switch";
        const auto closed = compose(config, n);
        CHECK(closed.body.find("Resolution: Replaced the switch") != std::string::npos);
        CHECK(closed.body.find("reply quoting [INC-42]") != std::string::npos);
    }
    SUBCASE("a breach names the clock and its due time") {
        n.event = "breached";
        n.clock = "resolve";
        n.due = time::from_epoch(1'796'025'600);
        const auto breached = compose(config, n);
        CHECK(breached.subject.starts_with("[INC-42] Breached: resolve was due 2026-11-30 08:00"));
        CHECK(breached.message_id == "itsm.42.7.breached.resolve.1796029200@example.org");
    }
}

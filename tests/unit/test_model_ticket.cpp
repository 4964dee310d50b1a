#include <itsm/core/error.hpp>
#include <itsm/model/text.hpp>
#include <itsm/model/ticket.hpp>

#include <doctest/doctest.h>

using namespace itsm;
using model::Action;
using model::Status;

TEST_CASE("transition table") {
    SUBCASE("hold only from new or assigned") {
        CHECK(model::allowed(Action::hold, Status::new_));
        CHECK(model::allowed(Action::hold, Status::assigned));
        CHECK_FALSE(model::allowed(Action::hold, Status::on_hold));
        CHECK_FALSE(model::allowed(Action::hold, Status::closed));
    }
    SUBCASE("reopen only from resolved or closed") {
        CHECK(model::allowed(Action::reopen, Status::resolved));
        CHECK(model::allowed(Action::reopen, Status::closed));
        CHECK_FALSE(model::allowed(Action::reopen, Status::assigned));
    }
    SUBCASE("nothing but reopen and link on a closed ticket") {
        for (auto a : {Action::assign, Action::escalate, Action::hold, Action::resume, Action::note,
                       Action::update, Action::resolve, Action::close}) {
            CHECK_FALSE(model::allowed(a, Status::closed));
        }
        CHECK(model::allowed(Action::link, Status::closed));
    }
    SUBCASE("a refusal names what is allowed") {
        model::Ticket t;
        t.status = Status::assigned;
        try {
            model::require_allowed(Action::resume, t, "INC-7");
            FAIL("expected a refusal");
        } catch (const RefusedError& e) {
            CHECK(std::string(e.what()) ==
                  "cannot resume INC-7: it is assigned; resume is allowed only from: on-hold");
            CHECK(e.code() == ExitCode::refused);
        }
    }
}

TEST_CASE("status and type names round-trip") {
    for (auto s :
         {Status::new_, Status::assigned, Status::on_hold, Status::resolved, Status::closed}) {
        CHECK(model::parse_status(model::to_string(s)) == s);
    }
    CHECK(model::to_string(Status::on_hold) == std::string("on-hold"));
    CHECK_FALSE(model::parse_status("open").has_value());
    CHECK(model::parse_type("problem") == model::Type::problem);
    CHECK_FALSE(model::parse_type("bug").has_value());
}

TEST_CASE("text checks") {
    SUBCASE("utf-8") {
        CHECK(model::valid_utf8("plain"));
        CHECK(model::valid_utf8("Ünïcödé 日本語 🙂"));
        CHECK_FALSE(model::valid_utf8("\xff"));
        CHECK_FALSE(model::valid_utf8("\xc3"));             // truncated
        CHECK_FALSE(model::valid_utf8("\xc0\xaf"));         // overlong
        CHECK_FALSE(model::valid_utf8("\xed\xa0\x80"));     // surrogate
        CHECK_FALSE(model::valid_utf8("\xf4\x90\x80\x80")); // beyond U+10FFFF
    }
    SUBCASE("limits and control characters") {
        CHECK_NOTHROW(model::check_text("--title", "ok", 10, false));
        CHECK_THROWS_AS(model::check_text("--title", std::string(11, 'a'), 10, false), UsageError);
        CHECK_THROWS_AS(model::check_text("--title", "a\nb", 10, false), UsageError);
        CHECK_NOTHROW(model::check_text("--description", "a\nb", 10, true));
        CHECK_THROWS_AS(model::check_text("--description", "a\x01", 10, true), UsageError);
        CHECK_THROWS_AS(model::check_text("--description", "a\x7f", 10, true), UsageError);
    }
}

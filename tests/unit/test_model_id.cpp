// lib/itsm/model/id: ticket ids parsed, formatted with the configured prefixes, compared.
#include <itsm/model/id.hpp>

#include <doctest/doctest.h>

#include <string>
#include <string_view>

using itsm::model::TicketId;
using itsm::model::Type;

TEST_CASE("ticket ids") {
    SUBCASE("parsed with or without a prefix, in any case") {
        const auto upper = TicketId::parse("INC-42");
        REQUIRE(upper.has_value());
        CHECK(upper->number() == 42);
        CHECK(upper->prefix() == "INC");
        CHECK(TicketId::parse("inc-42") == upper);
        const auto bare = TicketId::parse("42");
        REQUIRE(bare.has_value());
        CHECK(bare->prefix().empty());
        CHECK(bare->to_string() == "42");
        CHECK(bare != upper);
    }
    SUBCASE("malformed ids") {
        for (const char* bad : {"", "-", "INC-", "-42", "INC-0", "INC--4", "INC-4x", "TOOLONG-4",
                                "I2C-4", "INC-1234567890123456789", "0", "+4", "4 "}) {
            CAPTURE(bad);
            CHECK_FALSE(TicketId::parse(bad).has_value());
        }
    }
    SUBCASE("formatted with the configured prefixes") {
        const itsm::model::Prefixes prefixes = {{"incident", "INC"}, {"problem", "PRB"}};
        CHECK(TicketId::of(prefixes, Type::incident, 7).to_string() == "INC-7");
        CHECK(TicketId::of(prefixes, Type::problem, 12).to_string() == "PRB-12");
        CHECK(TicketId::of(prefixes, Type::change, 3).to_string() == "T-3");
        CHECK(TicketId::parse("prb-12") == TicketId::of(prefixes, Type::problem, 12));
    }
    SUBCASE("formatted from a type as the store names it") {
        const itsm::model::Prefixes prefixes = {{"incident", "INC"}, {"problem", "PRB"}};
        CHECK(TicketId::of(prefixes, std::string_view("problem"), 12).to_string() == "PRB-12");
        CHECK(TicketId::of(prefixes, std::string_view("change"), 3).to_string() == "T-3");
        CHECK(TicketId::of(prefixes, std::string_view("outage"), 4).to_string() == "T-4");
        CHECK(TicketId::of(prefixes, std::string_view(""), 5).to_string() == "T-5");
    }
    SUBCASE("appended to a buffer as to_string gives it") {
        std::string out = "id=";
        TicketId("INC", 9223372036854775807LL).append_to(out);
        out += ',';
        TicketId("", 42).append_to(out);
        CHECK(out == "id=INC-9223372036854775807,42");
        CHECK(TicketId("REQ", 1).to_string() == "REQ-1");
    }
    SUBCASE("a prefix is configured when a type has it") {
        const itsm::model::Prefixes prefixes = {{"incident", "INC"}, {"problem", "PRB"}};
        CHECK(itsm::model::is_configured(prefixes, "PRB"));
        CHECK_FALSE(itsm::model::is_configured(prefixes, "REQ"));
        CHECK_FALSE(itsm::model::is_configured(prefixes, "incident"));
        CHECK_FALSE(itsm::model::is_configured(prefixes, ""));
    }
    SUBCASE("parse_number keeps its answers") {
        CHECK(itsm::model::parse_number("REQ-5") == 5);
        CHECK(itsm::model::parse_number("5") == 5);
        CHECK_FALSE(itsm::model::parse_number("REQ-").has_value());
    }
}

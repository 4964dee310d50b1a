#include <itsm/render/table.hpp>

#include <doctest/doctest.h>

using namespace itsm::render;

TEST_CASE("csv cells") {
    CHECK(csv_cell("plain") == "plain");
    CHECK(csv_cell("a,b") == "\"a,b\"");
    CHECK(csv_cell("say \"hi\"") == "\"say \"\"hi\"\"\"");
    CHECK(csv_cell("two\nlines") == "\"two\nlines\"");
    SUBCASE("formula injection is guarded") {
        CHECK(csv_cell("=HYPERLINK(\"x\")") == "\"'=HYPERLINK(\"\"x\"\")\"");
        CHECK(csv_cell("+cmd") == "'+cmd");
        CHECK(csv_cell("-2+3") == "'-2+3");
        CHECK(csv_cell("@SUM(A1)") == "'@SUM(A1)");
        CHECK(csv_cell("-5") == "-5");
        CHECK(csv_cell("+1.5") == "+1.5");
    }
    CHECK(csv_line({"a", "b,c", ""}) == "a,\"b,c\",\n");
}

TEST_CASE("text tables") {
    TextTable t({"ID", "TITLE"});
    t.add_row({"INC-1", "Printer"});
    t.add_row({"INC-10", "日本語"});
    CHECK(t.render() == "ID      TITLE\nINC-1   Printer\nINC-10  日本語\n");
    CHECK(display_width("日本語") == 6);
    SUBCASE("the last column is cut to the width") {
        TextTable narrow({"ID", "TITLE"});
        narrow.add_row({"INC-1", "A very long title that does not fit"});
        const auto out = narrow.render(20);
        CHECK(out == "ID     TITLE\nINC-1  A very long …\n");
    }
}

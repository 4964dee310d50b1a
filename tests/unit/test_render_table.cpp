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
    CHECK(display_width("ab日本語") == 8);
    CHECK(display_width("é, then 日本") == 12);
    CHECK(display_width("") == 0);
    SUBCASE("the last column is cut to the width") {
        TextTable narrow({"ID", "TITLE"});
        narrow.add_row({"INC-1", "A very long title that does not fit"});
        const auto out = narrow.render(20);
        CHECK(out == "ID     TITLE\nINC-1  A very long …\n");
    }
}

TEST_CASE("right-aligned and painted cells are padded by their text, not their colour") {
    TextTable t({"ID", "AGE", "NOTE"});
    t.align_right(1);
    t.add_row({"INC-1", "5m", "ok"}, {"", "31", ""});
    t.add_row({"INC-10", "12h 5m", ""});
    CHECK(t.render() == "ID         AGE  NOTE\n"
                        "INC-1       \x1b[31m5m\x1b[0m  ok\n"
                        "INC-10  12h 5m\n");
    // A cut cell is padded by what is left of it.
    TextTable cut({"ID", "AB", "C"});
    cut.add_row({"INC-1", "ab日本語 and more", "x"});
    CHECK(cut.render(22) == "ID     AB            C\nINC-1  ab日本語 an…  x\n");
}

TEST_CASE("tables fit the width by narrowing the widest columns but the id") {
    TextTable t({"ID", "GROUP", "TITLE"});
    t.add_row({"INC-1000", "second-line-support-team", "The printer on the second floor jams"});
    t.add_row({"INC-7", "desk", "Mail"});
    SUBCASE("wide enough: nothing is cut") {
        CHECK(t.render(200).find("…") == std::string::npos);
        CHECK(t.render(0) == t.render(200));
    }
    SUBCASE("narrow: every line fits and the id is whole") {
        const auto out = t.render(40);
        std::size_t start = 0;
        while (start < out.size()) {
            const auto end = out.find('\n', start);
            CHECK(display_width(out.substr(start, end - start)) <= 40);
            start = end + 1;
        }
        CHECK(out.find("INC-1000  ") != std::string::npos);
        CHECK(out.find("second-line-s…  The printer o…") != std::string::npos);
    }
    SUBCASE("too narrow for even the shortest columns: lines stay long, ids whole") {
        const auto out = t.render(10);
        CHECK(out.find("INC-1000") != std::string::npos);
        CHECK(out.find("second-…") != std::string::npos);
    }
}

TEST_CASE("a column marked shrink_first is narrowed before the others") {
    TextTable t({"ID", "GROUP", "TITLE"});
    t.add_row({"INC-1000", "second-line-support-team", "The printer on the second floor jams"});
    t.shrink_first(2);
    CHECK(t.render(50) == "ID        GROUP                     TITLE\n"
                          "INC-1000  second-line-support-team  The printer o…\n");
    SUBCASE("then the others, when it is as narrow as it goes") {
        const auto out = t.render(30);
        CHECK(out.find("INC-1000  second-li…  The pri…") != std::string::npos);
    }
}

TEST_CASE("coloured cells are measured on their text") {
    TextTable t({"ID", "SLA", "TITLE"});
    t.add_row({"INC-1", "breached", "x"}, {"", "31", ""});
    t.add_row({"INC-22", "met", "y"});
    CHECK(t.render() == "ID      SLA       TITLE\n"
                        "INC-1   \x1b[31mbreached\x1b[0m  x\n"
                        "INC-22  met       y\n");
    CHECK(paint("a", "1") == "\x1b[1ma\x1b[0m");
}

#include <itsm/render/terminal.hpp>

#include <doctest/doctest.h>

using itsm::render::Lines;
using itsm::render::terminal_text;

TEST_CASE("terminal_text") {
    SUBCASE("plain text, UTF-8 and a backslash are left as they are") {
        CHECK(terminal_text("Printer jams on floor 2") == "Printer jams on floor 2");
        CHECK(terminal_text("Café Zürich 東京 \xf0\x9f\x96\xa8 C:\\temp") ==
              "Café Zürich 東京 \xf0\x9f\x96\xa8 C:\\temp");
        CHECK(terminal_text("") == "");
    }
    SUBCASE("C0 controls, DEL and escape sequences") {
        CHECK(terminal_text("red \x1b[31mtext\x1b]0;title\x07") ==
              "red \\x1b[31mtext\\x1b]0;title\\x07");
        CHECK(terminal_text(std::string_view("a\0b", 3)) == "a\\x00b");
        CHECK(terminal_text("del\x7f") == "del\\x7f");
        CHECK(terminal_text("over\rwrite") == "over\\rwrite");
    }
    SUBCASE("newlines and tabs: escaped on one line, kept over several") {
        CHECK(terminal_text("one\ntwo\tthree") == "one\\ntwo\\tthree");
        CHECK(terminal_text("one\ntwo\tthree", Lines::many) == "one\ntwo\tthree");
        CHECK(terminal_text("dos\r\nline", Lines::many) == "dos\r\nline");
        CHECK(terminal_text("lone\rcr\r", Lines::many) == "lone\\rcr\\r");
        CHECK(terminal_text("dos\r\nline") == "dos\\r\\nline");
    }
    SUBCASE("C1 controls, bidirectional controls and separators") {
        CHECK(terminal_text("csi \xc2\x9b"
                            "31m") == "csi \\u009b31m");
        CHECK(terminal_text("nel \xc2\x85") == "nel \\u0085");
        CHECK(terminal_text("txt.\xe2\x80\xae"
                            "exe") == "txt.\\u202eexe");
        CHECK(terminal_text("\xe2\x81\xa6x\xe2\x81\xa9") == "\\u2066x\\u2069");
        CHECK(terminal_text("a\xe2\x80\xa8"
                            "b\xe2\x80\xa9",
                            Lines::many) == "a\\u2028b\\u2029");
        CHECK(terminal_text("\xe2\x80\x8f\xd8\x9c") == "\\u200f\\u061c");
        CHECK(terminal_text("\xc2\xa0nbsp") == "\xc2\xa0nbsp");
    }
    SUBCASE("bytes that are not UTF-8") {
        CHECK(terminal_text("bad \xff\xfe") == "bad \\xff\\xfe");
        CHECK(terminal_text("cut \xe2\x80") == "cut \\xe2\\x80");
        CHECK(terminal_text("overlong \xc0\x9b") == "overlong \\xc0\\x9b");
        CHECK(terminal_text("surrogate \xed\xa0\x80") == "surrogate \\xed\\xa0\\x80");
    }
}

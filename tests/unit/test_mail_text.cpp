// lib/itsm/mail/text: HTML made readable, quoted history trimmed, text made clean, Message-IDs
// read.
#include <itsm/mail/message.hpp>

#include <doctest/doctest.h>

using namespace itsm::mail;

TEST_CASE("html_to_text") {
    SUBCASE("paragraphs, line breaks, lists and entities") {
        CHECK(html_to_text("<p>Hi,</p><p>one &amp; two<br>three&nbsp;four</p>"
                           "<ul><li>a</li><li>b &#8364; &#x41;</li></ul>") ==
              "Hi,\n\none & two\nthree four\n\n- a\n- b \xE2\x82\xAC A");
    }
    SUBCASE("script, style, head and comments are left out") {
        CHECK(html_to_text("<html><head><title>T</title></head><style>p{}</style><!-- c -->"
                           "<script>x()</script><b>kept</b></html>") == "kept");
    }
    SUBCASE("whitespace of the source is one space") {
        CHECK(html_to_text("one\n   two\t three") == "one two three");
    }
    SUBCASE("an unknown entity and a tag never closed") {
        CHECK(html_to_text("a &bogus; b <i") == "a &bogus; b");
    }
}

TEST_CASE("without_quoted") {
    SUBCASE("Outlook's original message") {
        CHECK(without_quoted("Thanks.\n\n-----Original Message-----\nFrom: x\nSent: y\n") ==
              "Thanks.");
    }
    SUBCASE("Outlook's header block under a rule") {
        CHECK(without_quoted("Danke.\n\n________________________________\nVon: x\nGesendet: y\n") ==
              "Danke.");
    }
    SUBCASE("Gmail's attribution, wrapped, and quoted lines") {
        CHECK(without_quoted("Still broken.\n\nOn Mon, Nov 30, 2026 at 10:00 AM Desk <d@x.org>\n"
                             "wrote:\n\n> Resolved\n") == "Still broken.");
    }
    SUBCASE("trailing quoted lines alone") {
        CHECK(without_quoted("Yes.\n> Is it fixed?\n>\n") == "Yes.");
    }
    SUBCASE("a message that is all quotation keeps its text") {
        CHECK(without_quoted("> only quoted") == "> only quoted");
    }
    SUBCASE("interleaved answers are kept") {
        CHECK(without_quoted("> Which floor?\n2\n> Which printer?\nHP\n") ==
              "> Which floor?\n2\n> Which printer?\nHP");
    }
}

TEST_CASE("clean_text") {
    CHECK(clean_text("a\r\nb\rc\x01"
                     "d\te") == "a\nb\nc d\te");
    CHECK(clean_text("bad \xC3 utf") == "bad \xEF\xBF\xBD utf");
    CHECK(clean_text("\xED\xA0\x80") == "\xEF\xBF\xBD\xEF\xBF\xBD\xEF\xBF\xBD");
}

TEST_CASE("one_line") {
    CHECK(one_line("Anna\nLind\t\r\nPers\rX\x01") == "Anna Lind  Pers X ");
    CHECK(one_line("bad \xC3") == "bad \xEF\xBF\xBD");
    CHECK(one_line("") == "");
}

TEST_CASE("message_ids") {
    CHECK(message_ids("<a@b> <itsm.42@x.org>\r\n <c@d>") ==
          std::vector<std::string>{"a@b", "itsm.42@x.org", "c@d"});
    CHECK(message_ids("no brackets").empty());
    CHECK(message_ids("<broken").empty());
    CHECK(message_ids("<a b@c> <ok@d>") == std::vector<std::string>{"ok@d"});
}

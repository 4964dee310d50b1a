// lib/itsm/notify: header encoding (RFC 2047), header injection, quoted-printable, whole messages.
#include <itsm/notify/mail.hpp>

#include <doctest/doctest.h>

#include <string>

using namespace itsm;
using namespace itsm::notify;

namespace {

// Every line of `text` (CRLF-separated) after the first starts with a space or tab.
bool only_continuations(const std::string& text) {
    for (std::size_t at = text.find("\r\n"); at != std::string::npos && at + 2 < text.size();
         at = text.find("\r\n", at + 2)) {
        if (text[at + 2] != ' ' && text[at + 2] != '\t') {
            return false;
        }
    }
    return true;
}

std::size_t longest_line(const std::string& text) {
    std::size_t longest = 0;
    std::size_t start = 0;
    while (start < text.size()) {
        auto end = text.find("\r\n", start);
        end = end == std::string::npos ? text.size() : end;
        longest = std::max(longest, end - start);
        start = end + 2;
    }
    return longest;
}

} // namespace

TEST_CASE("header: ASCII stays readable, folded when long") {
    CHECK(header("Subject", "[INC-42] Logged: Printer jams") ==
          "Subject: [INC-42] Logged: Printer jams\r\n");
    const std::string words(120, 'x');
    const auto long_header = header("Subject", "a " + std::string(60, 'b') + " " + words);
    CHECK(only_continuations(long_header));
    CHECK(long_header.find("\r\n ") != std::string::npos);
}

TEST_CASE("header: a newline or Bcc line can never start a header") {
    for (const char* evil : {"Outage\r\nBcc: evil@example.org", "Outage\nBcc: evil@example.org",
                             "Outage\rBcc: evil@example.org", "Outage\n\nbody"}) {
        const auto h = header("Subject", evil);
        CHECK(h.find('\n') == h.size() - 1);
        CHECK(h.find('\r') == h.size() - 2);
    }
    CHECK(header("Subject", "A\nBcc: b@c.d") == "Subject: A Bcc: b@c.d\r\n");
    // The same with non-ASCII text, which is encoded.
    const auto h = header("Subject", "Impr\xC3\xA9vu\nBcc: evil@example.org");
    CHECK(only_continuations(h));
    CHECK(h.find("Bcc") == std::string::npos);
}

TEST_CASE("encoded words: RFC 2047, UTF-8, base64, within 75 characters") {
    CHECK(encoded_words("bloqu\xC3\xA9"
                        "e") == "=?UTF-8?B?YmxvcXXDqWU=?=");
    CHECK(encoded_words("a") == "=?UTF-8?B?YQ==?=");
    CHECK(encoded_words("ab") == "=?UTF-8?B?YWI=?=");
    SUBCASE("long text is split between characters, never inside one") {
        std::string text;
        for (int i = 0; i < 40; ++i) {
            text += "\xC3\xA9"; // é, two bytes
        }
        text += "\xE2\x80\x94"; // an em dash, three bytes
        const auto words = encoded_words(text);
        CHECK(longest_line(words) <= 76); // a leading folding space + 75
        CHECK(only_continuations(words));
        // 45 bytes per word at most, cut back to a character boundary: 44 bytes of é, 22.
        CHECK(words.substr(0, words.find("?=") + 2) ==
              "=?UTF-8?B?w6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6nDqcOpw6k=?=");
    }
    CHECK(header("Subject", "Caf\xC3\xA9").starts_with("Subject: =?UTF-8?B?"));
}

TEST_CASE("addresses") {
    CHECK(is_address("ann@example.org"));
    CHECK_FALSE(is_address("ann"));
    CHECK_FALSE(is_address("@example.org"));
    CHECK_FALSE(is_address("ann@"));
    CHECK_FALSE(is_address("ann@example.org, evil@example.org"));
    CHECK_FALSE(is_address("ann@example.org\nBcc: evil@example.org"));
    CHECK_FALSE(is_address("Ann <ann@example.org>"));
    CHECK_FALSE(is_address("a@b@c"));
}

TEST_CASE("quoted-printable") {
    CHECK(quoted_printable("plain text") == "plain text\r\n");
    CHECK(quoted_printable("a=b") == "a=3Db\r\n");
    CHECK(quoted_printable("caf\xC3\xA9") == "caf=C3=A9\r\n");
    CHECK(quoted_printable("trailing \nnext") == "trailing=20\r\nnext\r\n");
    CHECK(quoted_printable("one\r\ntwo") == "one\r\ntwo\r\n");
    const auto long_line = quoted_printable(std::string(200, 'x'));
    CHECK(longest_line(long_line) <= 76);
    CHECK(long_line.find("=\r\n") != std::string::npos);
}

TEST_CASE("date") {
    CHECK(rfc5322_date(time::from_epoch(1'796'029'200)) == "Mon, 30 Nov 2026 09:00:00 +0000");
    CHECK(rfc5322_date(time::from_epoch(0)) == "Thu, 01 Jan 1970 00:00:00 +0000");
}

TEST_CASE("render: a whole message") {
    Mail m;
    m.from = "itsm@example.org";
    m.to = {"ann@example.org", "not an address", "ict@example.org"};
    m.cc = {"ao@example.org"};
    m.subject = "[INC-1] Logged: Printer";
    m.body = "Line one\nLine two";
    m.message_id = "itsm.1.1.logged.0@example.org";
    m.references = "itsm.1@example.org";
    m.date = time::from_epoch(0);
    const auto text = render(m);
    const auto blank = text.find("\r\n\r\n");
    REQUIRE(blank != std::string::npos);
    const auto headers = text.substr(0, blank + 2);
    CHECK(headers.find("From: itsm@example.org\r\n") == 0);
    CHECK(headers.find("To: ann@example.org, ict@example.org\r\n") != std::string::npos);
    CHECK(headers.find("Cc: ao@example.org\r\n") != std::string::npos);
    CHECK(headers.find("Message-ID: <itsm.1.1.logged.0@example.org>\r\n") != std::string::npos);
    CHECK(headers.find("References: <itsm.1@example.org>\r\n") != std::string::npos);
    CHECK(headers.find("Content-Type: text/plain; charset=UTF-8\r\n") != std::string::npos);
    CHECK(headers.find("Content-Transfer-Encoding: quoted-printable\r\n") != std::string::npos);
    CHECK(text.substr(blank + 4) == "Line one\r\nLine two\r\n");
    SUBCASE("no From header without a sender") {
        m.from.clear();
        CHECK(render(m).find("From:") == std::string::npos);
    }
}

// The import's JSON reader and the export's writers: exact decoding, every rejection, and
// instants and strings written the way they are read back.
#include <itsm/transfer/fields.hpp>
#include <itsm/transfer/json_scan.hpp>

#include <doctest/doctest.h>
#include <nlohmann/json.hpp>

#include <string>
#include <utility>

using itsm::transfer::JsonScanner;
using itsm::transfer::ScanError;

namespace {

std::string decode(const std::string& text) {
    JsonScanner s(text);
    std::string out;
    s.string(out);
    s.expect_end();
    return out;
}

std::string error_of(const std::string& text) {
    try {
        JsonScanner s(text);
        std::string out;
        s.string(out);
        s.expect_end();
    } catch (const ScanError& e) {
        return e.message;
    }
    return "";
}

std::string raw_error(const std::string& text) {
    try {
        JsonScanner s(text);
        s.raw_value();
        s.expect_end();
    } catch (const ScanError& e) {
        return e.message;
    }
    return "";
}

} // namespace

TEST_CASE("strings decode exactly") {
    CHECK(decode(R"("plain")") == "plain");
    CHECK(decode(R"("a\"b\\c\/d")") == "a\"b\\c/d");
    CHECK(decode(R"("\n\t\r\b\f")") == "\n\t\r\b\f");
    CHECK(decode(R"("\u00e9\u65e5")") == "é日");
    CHECK(decode(R"("\ud83d\ude00")") == "\xF0\x9F\x98\x80");
    CHECK(decode("\"Ünïcödé — 日本語\"") == "Ünïcödé — 日本語");
    CHECK(decode(R"(  "spaces around"  )") == "spaces around");
}

TEST_CASE("bad strings are refused with a reason") {
    CHECK(error_of("\"open") == "a string is not closed");
    CHECK(error_of("\"a\tb\"") == "a control character in a string must be escaped (e.g. \\n)");
    CHECK(error_of("\"\xff\"") == "a string is not valid UTF-8");
    CHECK(error_of("\"\xc0\xaf\"") == "a string is not valid UTF-8");     // overlong
    CHECK(error_of("\"\xed\xa0\x80\"") == "a string is not valid UTF-8"); // a surrogate
    CHECK(error_of(R"("\x")") == "unknown escape \\x in a string");
    CHECK(error_of(R"("\u12")") == "a \\u escape needs four hex digits");
    CHECK(error_of(R"("\ud83d")") ==
          "a \\u escape of a high surrogate must be followed by its low one");
    CHECK(error_of(R"("\ude00")") == "a lone low surrogate in a \\u escape");
    CHECK(error_of("42") == "expected a string at column 1");
    CHECK(error_of(R"("a" x)") == "unexpected text after the object at column 5");
}

TEST_CASE("whole numbers") {
    auto integer = [](const char* text) {
        JsonScanner s(text);
        return s.integer();
    };
    CHECK(integer("42") == 42);
    CHECK(integer("-7") == -7);
    CHECK(integer("0") == 0);
    CHECK(integer("9223372036854775807") == 9223372036854775807LL);
    CHECK_THROWS_AS(integer("9223372036854775808"), ScanError);
    CHECK_THROWS_AS(integer("1.5"), ScanError);
    CHECK_THROWS_AS(integer("1e3"), ScanError);
    CHECK_THROWS_AS(integer("012"), ScanError);
    CHECK_THROWS_AS(integer("\"1\""), ScanError);
}

TEST_CASE("raw values are checked and kept as written") {
    JsonScanner s(R"({"detail": {"a": [1, 2.5e3, true, null], "b": {"c": "d"}}, "x": 1})");
    s.expect('{', "{");
    std::string key;
    s.string(key);
    s.expect(':', ":");
    CHECK(s.raw_value() == R"({"a": [1, 2.5e3, true, null], "b": {"c": "d"}})");
    CHECK(raw_error("{\"a\": }") == "unexpected character at column 7");
    CHECK(raw_error("{\"a\" 1}") == "expected ':' at column 6");
    CHECK(raw_error("[1, 2") == "the line ends where ',' or ']' was expected");
    CHECK(raw_error("01") == "malformed number at column 1");
    CHECK(raw_error("tru") == "unexpected character at column 1");
    CHECK(raw_error(std::string(100, '[') + std::string(100, ']')) ==
          "values are nested too deeply");
    CHECK(raw_error("{}").empty());
}

TEST_CASE("instants: written as format_utc, appended, read back") {
    using itsm::transfer::append_utc;
    using itsm::transfer::parse_utc;
    const std::pair<long long, const char*> cases[] = {
        {0, "1970-01-01T00:00:00Z"},
        {1793432100, "2026-10-31T07:35:00Z"},
        {1795996800, "2026-11-30T00:00:00Z"},
        {951782400, "2000-02-29T00:00:00Z"},
        {253402300799, "9999-12-31T23:59:59Z"},
    };
    std::string all = "[";
    for (const auto& [t, expected] : cases) {
        std::string text;
        append_utc(text, t);
        CHECK(text == expected);
        CHECK(itsm::time::format_utc(itsm::time::from_epoch(t)) == expected);
        CHECK(parse_utc(text) == t);
        append_utc(all, t); // after what the buffer holds already
        all += ' ';
    }
    CHECK(all == "[1970-01-01T00:00:00Z 2026-10-31T07:35:00Z 2026-11-30T00:00:00Z "
                 "2000-02-29T00:00:00Z 9999-12-31T23:59:59Z ");
    // Past the four digits of a year: still written, in full.
    CHECK(itsm::time::format_utc(itsm::time::from_epoch(253402300800)) == "10000-01-01T00:00:00Z");
    CHECK(parse_utc("2026-11-23T09:15:00+01:00") == parse_utc("2026-11-23T08:15:00Z"));
    CHECK(parse_utc("2026-11-23T08:15:00.250Z") == parse_utc("2026-11-23T08:15:00Z"));
    CHECK_FALSE(parse_utc("2026-02-30T08:15:00Z").has_value());
    CHECK_FALSE(parse_utc("2026-11-23T24:00:00Z").has_value());
    CHECK_FALSE(parse_utc("2026-11-23 08:15").has_value()); // local: no zone in an export
    CHECK_FALSE(parse_utc("now").has_value());
    CHECK_FALSE(parse_utc("").has_value());
}

TEST_CASE("strings are written as nlohmann::json writes them") {
    for (const std::string& text :
         {std::string("plain"), std::string("quote \" and \\ backslash"),
          std::string("new\nline\ttab\r\b\f"), std::string("\x01\x1f control"),
          std::string("Ünïcödé — 日本語"), std::string("\x7f del")}) {
        std::string out;
        itsm::transfer::append_json_string(out, text);
        CHECK(out == nlohmann::json(text).dump());
        CHECK(decode(out) == text);
    }
}

TEST_CASE("long strings: every special byte is found wherever it is") {
    for (std::size_t at = 0; at < 24; ++at) {
        std::string plain(24, 'a');
        for (const auto& [escaped, decoded] : {std::pair<std::string, std::string>{"\\\"", "\""},
                                               {"\\\\", "\\"},
                                               {"\\n", "\n"},
                                               {"é", "é"},
                                               {"\\u00e9", "é"}}) {
            std::string text = plain;
            text.insert(at, escaped);
            std::string expected = plain;
            expected.insert(at, decoded);
            CHECK(decode("\"" + text + "\"") == expected);
        }
        std::string raw = plain;
        raw.insert(at, "\x01");
        CHECK(error_of("\"" + raw + "\"") ==
              "a control character in a string must be escaped (e.g. \\n)");
        std::string bad = plain;
        bad.insert(at, "\xC3");
        CHECK(error_of("\"" + bad + "\"") == "a string is not valid UTF-8");
        CHECK(error_of("\"" + plain.substr(0, at)) == "a string is not closed");
    }
}

#include <itsm/model/detail.hpp>

#include <doctest/doctest.h>

#include <random>
#include <string>

using itsm::model::parse_detail;
using Json = nlohmann::json;

namespace {

// What the store read before parse_detail: nlohmann, with an empty object for bad text.
Json reference(const std::string& text) {
    Json j = Json::parse(text, nullptr, false);
    return j.is_discarded() ? Json::object() : j;
}

void same(const std::string& text) {
    const Json got = parse_detail(text);
    const Json want = reference(text);
    INFO("text: " << text);
    CHECK(got == want);
    CHECK(got.dump() == want.dump()); // the same types too (unsigned, integer)
}

std::string random_text(std::mt19937& rng) {
    static const std::string pieces[] = {"a",   "Z",   " ",       "\\\"", "\\\\",           "\\n",
                                         "\\t", "\\/", "\\u00e9", "é",    "\\ud83d\\ude00", "7",
                                         ",",   ":"};
    std::uniform_int_distribution<std::size_t> len(0, 6), pick(0, std::size(pieces) - 1);
    std::string s;
    for (std::size_t n = len(rng); n > 0; --n) {
        s += pieces[pick(rng)];
    }
    return s;
}

std::string random_value(std::mt19937& rng, int depth) {
    std::uniform_int_distribution<int> kind(0, depth > 3 ? 5 : 7);
    switch (kind(rng)) {
    case 0:
        return "\"" + random_text(rng) + "\"";
    case 1:
        return std::to_string(std::uniform_int_distribution<long long>(-1'000'000, 1'000'000)(rng));
    case 2:
        return rng() % 2 ? "true" : "false";
    case 3:
        return "null";
    case 4:
        return rng() % 2 ? "2.5" : "1e3";
    case 5:
        return "\"" + random_text(rng) + "\"";
    case 6: {
        std::string s = "[";
        for (int n = static_cast<int>(rng() % 4); n > 0; --n) {
            s += random_value(rng, depth + 1) + (n > 1 ? ", " : "");
        }
        return s + "]";
    }
    default: {
        std::string s = "{";
        for (int n = static_cast<int>(rng() % 5); n > 0; --n) {
            s += "\"" + random_text(rng) + "\": " + random_value(rng, depth + 1) +
                 (n > 1 ? "," : "");
        }
        return s + "}";
    }
    }
}

} // namespace

TEST_CASE("details as the desk writes them") {
    same(
        R"({"group":"network","priority":"P2","service":"email","title":"Outlook","type":"incident"})");
    same(R"({"assignee":"bob","group":"business-support"})");
    same(R"({"changes":{"priority":{"from":"P3a","to":"P1"}},"reason":"VIP"})");
    same(R"({"automatic":true,"breach":"resolve","level":2})");
    same(R"({"satisfaction":4,"comment":"Quick \"fix\"\nthanks"})");
    same(R"({})");
    same(R"(  { "a" : [ 1 , -2 , 0 , [ ] , { } ] }  )");
    same(R"({"big":18446744073709551615,"neg":-9223372036854775808})");
}

TEST_CASE("what only nlohmann decides gives what nlohmann gives") {
    same(R"({"title":"Caf\u00e9 printer","x":1.5,"y":2e3})");
    same(R"({"title":"Café"})");
    same(R"({"a":1,"a":2})");
    same(R"({"n":18446744073709551616})");
    same(R"({"n":012})");
    same(R"({"n":-})");
}

TEST_CASE("bad text is an empty object, as before") {
    for (const char* text : {"", "{", "{\"a\":}", "{\"a\":1,}", "[1,]", "{\"a\":1} x", "nul",
                             "{\"a\":\"\x01\"}", "{\"a\":\"\xff\"}", "\"open", "{\"a\" 1}"}) {
        same(text);
    }
}

TEST_CASE("random documents agree with nlohmann") {
    std::mt19937 rng(20261129);
    for (int i = 0; i < 3000; ++i) {
        std::string text = random_value(rng, 0);
        if (i % 7 == 0 && !text.empty()) {
            text.erase(rng() % text.size(), 1); // and broken ones
        }
        same(text);
    }
}

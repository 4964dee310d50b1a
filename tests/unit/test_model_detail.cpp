#include <itsm/model/detail.hpp>

#include <doctest/doctest.h>

#include <random>
#include <string>

using itsm::model::parse_detail;
using itsm::model::parse_detail_into;
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

// TEXT read into a detail that held BEFORE gives what a fresh parse of TEXT gives.
void same_into(const std::string& before, const std::string& text) {
    Json got = parse_detail(before);
    parse_detail_into(text, got);
    const Json want = reference(text);
    INFO("before: " << before << " text: " << text);
    CHECK(got == want);
    CHECK(got.dump() == want.dump());
}

// An object over a few keys, so that one read after another often has the same keys.
std::string random_member_object(std::mt19937& rng) {
    static const char* keys[] = {"group", "priority", "title", "a", "changes"};
    std::string s = "{";
    const auto n = static_cast<int>(rng() % 6);
    for (int i = 0; i < n; ++i) {
        s += std::string(i > 0 ? "," : "") + "\"" + keys[rng() % std::size(keys)] +
             "\":" + random_value(rng, 2);
    }
    return s + "}";
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

TEST_CASE("keys with escapes, around objects with keys of their own") {
    same(R"({"a\"b":{"c\nd":1,"e\tf":{"g\\h":2}},"i\/j":3})");
    same(R"({"x\ty":{"z":[{"w\nv":true}]},"x\ty2":null})");
    same_into(R"({"a\"b":"x","c":"y"})", R"({"c":"1","a\"b":"2"})");
    same_into(R"({"a\"b":"x","c":"y"})", R"({"c":"1","a\"c":"2"})");
    same_into(R"({"a\"b":{"k":1},"c":"y"})", R"({"a\"b":{"k\n":2},"c":"z"})");
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

TEST_CASE("a detail read into one read before gives what a fresh read gives") {
    const std::string logged =
        R"({"group":"network","priority":"P2","service":"email","title":"Outlook","type":"incident"})";
    same_into(logged, R"({"type":"request","title":"Laptop","service":"pcs","priority":"P4",)"
                      R"("group":"desk"})");                     // the same keys in another order
    same_into(logged, R"({"group":"network","priority":"P2"})"); // fewer
    same_into(R"({"group":"a"})", R"({"group":"b","assignee":"bob"})"); // more
    same_into(R"({"a":"x","b":"y"})", R"({"a":"1","a":"2"})");          // one twice
    same_into(R"({"a":"x"})", R"({"a":"1","a":"2"})");
    same_into(R"({"a":"x","b":"y"})", R"({"a":"1","c":"2"})"); // one other
    same_into(R"({"level":"x"})", R"({"level":2})");           // text to number
    same_into(R"({"level":2})", R"({"level":"two"})");         // number to text
    same_into(R"({"changes":{"priority":{"from":"P3a","to":"P1"}}})",
              R"({"changes":{"service":{"from":"a","to":"b"}}})"); // nested
    same_into(logged, R"({"group":"Caf\u00e9"})");                 // for nlohmann
    same_into(logged, R"({"group":"net)");                         // bad text
    same_into(logged, "{}");
    same_into("{}", logged);
    same_into("[1,2]", logged);
    same_into(logged, "[1,2]");
    same_into(R"({"title":"x"})", R"({"title":"with \"quotes\" and\nlines"})");
}

TEST_CASE("a detail of the same keys is read into the memory of the one before") {
    Json detail = parse_detail(R"({"title":"Printer on the second floor jams","group":"desk"})");
    const char* title = detail["title"].get_ref<const std::string&>().data();
    parse_detail_into(R"({"group":"network","title":"Scanner on the third floor jams"})", detail);
    CHECK(detail["title"] == "Scanner on the third floor jams");
    CHECK(detail["group"] == "network");
    CHECK(detail["title"].get_ref<const std::string&>().data() == title);
}

TEST_CASE("random documents read one into another agree with nlohmann") {
    std::mt19937 rng(20261206);
    Json detail = Json::object();
    for (int i = 0; i < 3000; ++i) {
        std::string text = i % 5 == 0 ? random_value(rng, 0) : random_member_object(rng);
        if (i % 11 == 0 && !text.empty()) {
            text.erase(rng() % text.size(), 1);
        }
        parse_detail_into(text, detail);
        const Json want = reference(text);
        INFO("text: " << text);
        CHECK(detail == want);
        CHECK(detail.dump() == want.dump());
    }
}

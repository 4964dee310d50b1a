#include <itsm/render/json_stream.hpp>

#include <doctest/doctest.h>

#include <random>
#include <sstream>

using itsm::render::append_json_string;
using itsm::render::JsonArrayWriter;
using nlohmann::json;

namespace {

std::string escaped(std::string_view text) {
    std::string out;
    append_json_string(out, text);
    return out;
}

} // namespace

TEST_CASE("a string is escaped as nlohmann's dump escapes it") {
    std::string every_control;
    for (int c = 1; c < 0x20; ++c) {
        every_control += static_cast<char>(c);
    }
    for (const std::string& text :
         {std::string(), std::string("plain"), std::string("quote \" and back\\slash"),
          std::string("tab\tnew\nline\rcr\bbs\fff"), every_control, std::string("\x7f del"),
          std::string("Ünïcödé — 東京 ✓"), std::string("nul \0 inside", 12)}) {
        CHECK(escaped(text) == json(text).dump());
    }
}

TEST_CASE("an array written item by item reads as dump(2) of the whole") {
    const json items = json::parse(R"([
        {"id": "INC-1", "n": 3, "nested": {"a": [1, 2, {"b": null}], "empty": {}, "none": []}},
        {"title": "line\nbreak", "list": ["x", "y"]},
        [],
        "text",
        42
    ])");
    std::ostringstream streamed;
    itsm::render::write_array(streamed, [&](JsonArrayWriter& array) {
        for (const auto& item : items) {
            array.add(item);
        }
    });
    CHECK(streamed.str() == items.dump(2) + "\n");

    std::ostringstream empty;
    itsm::render::write_array(empty, [](JsonArrayWriter&) {});
    CHECK(empty.str() == "[]\n");
}

TEST_CASE("the streamed array takes its sorted place among the object's members") {
    for (const std::string& key :
         {std::string("aaa"), std::string("findings"), std::string("zzz")}) {
        const json object = {{"at", "2026-11-23T08:00:00Z"},
                             {"tickets_checked", 7},
                             {"escalations", json::array({{{"id", "INC-2"}}})}};
        const json rows = json::array({{{"id", "INC-1"}, {"overdue_minutes", 5}}});
        std::ostringstream streamed;
        itsm::render::write_object_with_array(streamed, object, key, [&](JsonArrayWriter& a) {
            for (const auto& r : rows) {
                a.add(r);
            }
        });
        json whole = object;
        whole[key] = rows;
        CHECK(streamed.str() == whole.dump(2) + "\n");
    }
}

TEST_CASE("a flat row prints as the equivalent object would, keys sorted") {
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> byte(1, 127);
    for (int round = 0; round < 200; ++round) {
        std::string a, b;
        for (int i = 0; i < round % 17; ++i) {
            a += static_cast<char>(byte(rng));
            b += static_cast<char>(byte(rng));
        }
        const long long n = static_cast<long long>(rng()) - (1LL << 31);
        std::ostringstream streamed;
        itsm::render::write_array(streamed, [&](JsonArrayWriter& array) {
            array.add_flat({{"title", a}, {"id", b}, {"overdue_minutes", n}});
            array.add_flat({});
        });
        const json whole =
            json::array({{{"title", a}, {"id", b}, {"overdue_minutes", n}}, json::object()});
        CHECK(streamed.str() == whole.dump(2) + "\n");
    }
}

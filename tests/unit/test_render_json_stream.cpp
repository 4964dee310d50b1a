#include <itsm/render/json_stream.hpp>
#include <itsm/render/json_writer.hpp>

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

namespace {

// Writes `document` with a JsonWriter, walking it as nlohmann holds it (members sorted).
void walk(itsm::render::JsonWriter& w, const json& document) {
    if (document.is_object()) {
        w.begin_object();
        for (const auto& [key, value] : document.items()) {
            walk(w.key(key), value);
        }
        w.end_object();
    } else if (document.is_array()) {
        w.begin_array();
        for (const auto& item : document) {
            walk(w, item);
        }
        w.end_array();
    } else if (document.is_string()) {
        w.string(document.get_ref<const std::string&>());
    } else if (document.is_boolean()) {
        w.boolean(document.get<bool>());
    } else if (document.is_null()) {
        w.null();
    } else if (document.is_number_integer()) {
        w.integer(document.get<long long>());
    } else {
        w.value(document); // a fraction, printed by nlohmann
    }
}

json random_document(std::mt19937& rng, int depth) {
    const auto pick = static_cast<int>(rng() % (depth > 3 ? 5 : 7));
    switch (pick) {
    case 0:
        return nullptr;
    case 1:
        return rng() % 2 == 0;
    case 2:
        return static_cast<long long>(rng()) - (1LL << 31);
    case 3:
        return std::string(rng() % 5, static_cast<char>('!' + rng() % 90)) + "\"\\\n";
    case 4:
        return static_cast<double>(rng() % 1000) / 8;
    case 5: {
        json a = json::array();
        for (auto n = rng() % 4; n > 0; --n) {
            a.push_back(random_document(rng, depth + 1));
        }
        return a;
    }
    default: {
        json o = json::object();
        for (auto n = rng() % 4; n > 0; --n) {
            o[std::string(1 + rng() % 3, static_cast<char>('a' + rng() % 4)) +
              (n % 2 ? "\t" : "")] = random_document(rng, depth + 1);
        }
        return o;
    }
    }
}

} // namespace

TEST_CASE("a document written value by value is its dump(2), at any depth") {
    std::mt19937 rng(11);
    for (int round = 0; round < 500; ++round) {
        const json document = random_document(rng, 0);
        std::string text;
        itsm::render::JsonWriter w(text, 0);
        walk(w, document);
        CHECK(text == document.dump(2));
        // Two levels down (an item of a nested array): the same lines, each indented by four.
        std::string nested;
        itsm::render::JsonWriter deeper(nested, 2);
        walk(deeper, document);
        std::string expected = document.dump(2);
        for (std::size_t at = expected.find('\n'); at != std::string::npos;
             at = expected.find('\n', at + 1)) {
            expected.insert(at + 1, "    ");
        }
        CHECK(nested == expected);
    }
}

TEST_CASE("strings and names up to three words long: every byte to escape is found anywhere") {
    // The writer looks for them eight bytes at a time and the last few one by one; each ASCII
    // byte and a two-byte letter, at every place of strings up to three words long, as a value
    // and as a name.
    std::vector<std::string> inserts{"é"};
    for (int c = 0; c < 0x80; ++c) {
        inserts.emplace_back(1, static_cast<char>(c));
    }
    for (std::size_t length = 0; length < 24; ++length) {
        for (std::size_t at = 0; at <= length; ++at) {
            for (const auto& insert : inserts) {
                std::string text(length, 'a');
                text.insert(at, insert);
                CHECK(escaped(text) == json(text).dump());
                std::string written;
                itsm::render::JsonWriter w(written, 0);
                w.begin_object().key(text).integer(1).end_object();
                CHECK(written == json{{text, 1}}.dump(2));
            }
        }
    }
}

// [knowledge] of itsm.toml: the languages the full-text index stems in (docs/knowledge.md).

#include <itsm/config/draft.hpp>
#include <itsm/config/suggest.hpp>

#include <libstemmer.h>

#include <algorithm>
#include <array>

namespace itsm::config::internal {

namespace {

constexpr std::array<std::string_view, 1> k_knowledge_keys = {"languages"};

// Snowball's languages, as the index's tokenizer names them (store/stemmer.hpp).
std::vector<std::string> snowball_languages() {
    std::vector<std::string> out;
    for (const char** name = sb_stemmer_list(); *name != nullptr; ++name) {
        out.emplace_back(*name);
    }
    return out;
}

} // namespace

void read_knowledge(Reporter& rep, Config& config, const toml::node& node) {
    const auto* table =
        read_table(rep, node, "knowledge", "[knowledge] languages = [\"english\", \"russian\"]");
    if (table == nullptr) {
        return;
    }
    check_keys(rep, *table, k_knowledge_keys, "in [knowledge]");
    const auto* languages = table->get("languages");
    if (languages == nullptr) {
        return;
    }
    auto list = read_string_list(rep, *languages, "languages", "[\"english\", \"russian\"]");
    if (!list) {
        return;
    }
    if (list->empty()) {
        rep.error(pos_of(*languages), "`languages` in [knowledge] is empty; give at least one, "
                                      "e.g. [\"english\"]");
        return;
    }
    const auto known = snowball_languages();
    std::vector<std::string> chosen;
    for (const auto& language : *list) {
        if (std::find(known.begin(), known.end(), language.value) == known.end()) {
            // The closest when one is, else the whole list: what can be written.
            auto hint = config::did_you_mean(language.value, known);
            if (!hint.starts_with("; did you mean")) {
                hint = "; the languages are " + quoted_list(known);
            }
            rep.error(language.pos,
                      "unknown language \"" + language.value + "\" in [knowledge]" + hint);
        } else if (std::find(chosen.begin(), chosen.end(), language.value) == chosen.end()) {
            chosen.push_back(language.value);
        }
    }
    if (chosen.size() == list->size()) {
        config.knowledge.languages = std::move(chosen);
    }
}

} // namespace itsm::config::internal

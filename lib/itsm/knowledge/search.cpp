#include <fmt/format.h>
#include <itsm/core/error.hpp>
#include <itsm/knowledge/search.hpp>

#include <algorithm>
#include <array>

namespace itsm::knowledge {

namespace {

constexpr std::array<std::string_view, 40> k_common = {
    "the", "and",  "for",  "not", "with",   "from",  "that",   "this",    "are",   "was",
    "has", "have", "but",  "can", "cannot", "can't", "does",   "doesn't", "don't", "its",
    "our", "you",  "your", "his", "her",    "they",  "them",   "when",    "after", "into",
    "all", "any",  "out",  "off", "again",  "still", "please", "will",    "there", "been"};

bool is_word_byte(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || std::isalnum(u) != 0 || c == '\'';
}

} // namespace

std::vector<Hit> search(store::Store& store, const Query& query) {
    if (query.text.find_first_not_of(" \t\r\n") == std::string::npos) {
        throw UsageError("the search query is empty; give words to look for, e.g. itsm search "
                         "\"printer jam\"");
    }
    const long long limit = query.limit > 0 ? query.limit : -1;
    std::vector<Hit> hits;
    std::vector<Hit> stemmed;
    try {
        // The tickets with the words as written first, then those with only their family.
        hits = store.text_index().match(query, true, limit);
        stemmed = store.text_index().match(
            query, false, limit < 0 ? -1 : limit + static_cast<long long>(hits.size()));
    } catch (const store::QuerySyntaxError& e) {
        const std::string why = e.what();
        throw UsageError(fmt::format("search query '{}': {}; put words with punctuation in "
                                     "double quotes, e.g. '\"e-mail\" outage' (docs/knowledge.md)",
                                     query.text, why));
    }
    std::erase_if(stemmed, [&](const Hit& s) {
        return std::any_of(hits.begin(), hits.end(),
                           [&](const Hit& h) { return h.ticket.number == s.ticket.number; });
    });
    if (!hits.empty() && !stemmed.empty()) {
        // Scores fall from first to last: those of the stem-only matches are scaled below the
        // exact ones', in the same proportions.
        const double floor = hits.back().score;
        const double top = stemmed.front().score;
        if (top >= floor && top > 0) {
            for (auto& s : stemmed) {
                s.score *= floor / (2 * top);
            }
        }
    }
    for (auto& s : stemmed) {
        if (limit >= 0 && static_cast<long long>(hits.size()) >= limit) {
            break;
        }
        hits.push_back(std::move(s));
    }
    return hits;
}

std::string words_query(std::string_view text) {
    std::vector<std::string> words;
    std::size_t i = 0;
    while (i < text.size() && words.size() < 16) {
        while (i < text.size() && !is_word_byte(text[i])) {
            ++i;
        }
        std::string word;
        while (i < text.size() && is_word_byte(text[i])) {
            const auto u = static_cast<unsigned char>(text[i]);
            word += u < 0x80 ? static_cast<char>(std::tolower(u)) : text[i];
            ++i;
        }
        const bool common = std::find(k_common.begin(), k_common.end(), word) != k_common.end();
        std::erase(word, '\'');
        if (word.size() < 3 || common ||
            std::find(words.begin(), words.end(), word) != words.end()) {
            continue;
        }
        words.push_back(word);
    }
    std::string out;
    for (const auto& w : words) {
        out += (out.empty() ? "\"" : " OR \"") + w + "\"";
    }
    return out;
}

std::vector<Hit> similar(store::Store& store, const model::Ticket& ticket, long long limit) {
    const std::string text = words_query(ticket.title + "\n" + ticket.description);
    if (text.empty()) {
        return {};
    }
    Query q;
    q.text = text;
    q.statuses = {model::Status::resolved, model::Status::closed};
    q.exclude = ticket.number;
    q.limit = limit;
    return search(store, q);
}

long long reindex(store::Store& store, const std::vector<std::string>& languages) {
    store.begin_write();
    const long long count = store.text_index().rebuild(languages);
    store.commit();
    return count;
}

std::vector<std::string> index_languages(store::Store& store) {
    return store.text_index().languages();
}

void adopt_languages(store::Store& store, const std::vector<std::string>& languages) {
    auto& index = store.text_index();
    if (index.languages() == languages || index.has_tickets()) {
        return;
    }
    store.begin_write();
    // Checked again under the lock: another command may have written meanwhile.
    if (index.languages() != languages && !index.has_tickets()) {
        index.recreate(languages);
    }
    store.commit();
}

} // namespace itsm::knowledge

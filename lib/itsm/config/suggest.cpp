// Did-you-mean suggestions: edit distance over the names valid at a place.
#include <itsm/config/suggest.hpp>

#include <algorithm>
#include <cctype>

namespace itsm::config {

namespace {

char lower(char c) {
    return static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
}

std::size_t common_prefix(std::string_view a, std::string_view b) {
    std::size_t n = 0;
    while (n < a.size() && n < b.size() && lower(a[n]) == lower(b[n])) {
        ++n;
    }
    return n;
}

} // namespace

std::size_t edit_distance(std::string_view a, std::string_view b) {
    // Optimal string alignment: insertions, deletions, substitutions and transpositions of
    // neighbours ("huors" -> "hours") each cost one.
    std::vector<std::vector<std::size_t>> d(a.size() + 1, std::vector<std::size_t>(b.size() + 1));
    for (std::size_t i = 0; i <= a.size(); ++i) {
        d[i][0] = i;
    }
    for (std::size_t j = 0; j <= b.size(); ++j) {
        d[0][j] = j;
    }
    for (std::size_t i = 1; i <= a.size(); ++i) {
        for (std::size_t j = 1; j <= b.size(); ++j) {
            std::size_t cost = lower(a[i - 1]) == lower(b[j - 1]) ? 0 : 1;
            d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
            if (i > 1 && j > 1 && lower(a[i - 1]) == lower(b[j - 2]) &&
                lower(a[i - 2]) == lower(b[j - 1])) {
                d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
            }
        }
    }
    return d[a.size()][b.size()];
}

std::string closest(std::string_view word, const std::vector<std::string>& candidates) {
    std::string best;
    std::size_t best_distance = 3;
    for (const auto& candidate : candidates) {
        std::size_t distance = edit_distance(word, candidate);
        // A short name is "close" to anything within two edits ("P2" and "P1"): the edits
        // must change less than half of it.
        if (distance * 2 >= word.size() && distance > 0) {
            continue;
        }
        if (distance < best_distance) {
            best = candidate;
            best_distance = distance;
        }
    }
    if (!best.empty()) {
        return best;
    }
    // Shared stem: `priorities` for `priority`, `escalation` for `escalated`.
    for (const auto& candidate : candidates) {
        std::size_t prefix = common_prefix(word, candidate);
        if (prefix >= 5 && prefix + 3 >= std::max(word.size(), candidate.size())) {
            return candidate;
        }
    }
    return {};
}

std::string quoted_list(const std::vector<std::string>& names) {
    std::string out;
    for (const auto& name : names) {
        if (!out.empty()) {
            out += ", ";
        }
        out += '`' + name + '`';
    }
    return out;
}

std::string did_you_mean(std::string_view word, const std::vector<std::string>& candidates,
                         std::string_view none_text) {
    if (auto best = closest(word, candidates); !best.empty()) {
        return "; did you mean `" + best + "`?";
    }
    if (candidates.empty()) {
        return std::string(none_text);
    }
    return "; expected one of: " + quoted_list(candidates);
}

} // namespace itsm::config

#include <itsm/store/postgres/connection.hpp>
#include <itsm/store/postgres/search.hpp>

#include <fmt/format.h>

#include <cctype>

namespace itsm::store::postgres {

namespace {

bool is_prefix_letter(char c) {
    const auto u = static_cast<unsigned char>(c);
    return u >= 0x80 || std::isalnum(u) != 0;
}

// The text search configurations of the index's languages that the server has (schema.hpp).
std::vector<std::string> index_text_configs(Connection& db) {
    const Result r = db.run("SELECT unnest(itsm_text_configs())::text");
    std::vector<std::string> out;
    for (int i = 0; i < r.rows(); ++i) {
        out.emplace_back(r.text(i, 0));
    }
    return out;
}

} // namespace

ServerQuery server_query(std::string_view text) {
    ServerQuery out;
    bool negate = false;
    bool has_or = false;
    std::size_t i = 0;
    const auto add = [&](std::string_view part) {
        out.web +=
            (out.web.empty() ? "" : " ") + std::string(negate ? "-" : "") + std::string(part);
        negate = false;
    };
    while (i < text.size()) {
        if (std::isspace(static_cast<unsigned char>(text[i])) != 0) {
            ++i;
            continue;
        }
        if (text[i] == '"') {
            const auto close = text.find('"', i + 1);
            if (close == std::string_view::npos) {
                throw QuerySyntaxError("unterminated string");
            }
            add(text.substr(i, close - i + 1));
            i = close + 1;
            continue;
        }
        const auto end = text.find_first_of(" \t\r\n\"", i);
        const std::string_view token =
            text.substr(i, end == std::string_view::npos ? end : end - i);
        i = end == std::string_view::npos ? text.size() : end;
        if (token.find_first_of("()") != std::string_view::npos) {
            throw QuerySyntaxError("parentheses and NEAR are not supported on a PostgreSQL store");
        }
        if (token.find(':') != std::string_view::npos) {
            throw QuerySyntaxError(
                fmt::format("column filters ({}) are not supported on a PostgreSQL store", token));
        }
        if (token == "AND") {
            continue;
        }
        if (token == "NOT") {
            negate = true;
            continue;
        }
        if (token == "OR") {
            has_or = true;
            add("OR");
            continue;
        }
        if (token.size() > 1 && token.ends_with('*')) {
            const std::string_view stem = token.substr(0, token.size() - 1);
            for (const char c : stem) {
                if (!is_prefix_letter(c)) {
                    throw QuerySyntaxError(
                        fmt::format("a prefix has letters and digits only: {}", token));
                }
            }
            out.prefixes +=
                fmt::format("{}{}{}:*", out.prefixes.empty() ? "" : " & ", negate ? "!" : "", stem);
            negate = false;
            continue;
        }
        add(token);
    }
    if (has_or && !out.prefixes.empty()) {
        throw QuerySyntaxError("a prefix (word*) beside OR is not supported on a PostgreSQL store");
    }
    return out;
}

std::vector<TextHit> TextIndex::match(const TextQuery& query, bool exact, long long limit) {
    const ServerQuery sq = server_query(query.text);
    std::vector<Param> params{
        sq.web, sq.prefixes,
        fmt::format("StartSel=\"{}\", StopSel=\"{}\", MaxWords=16, MinWords=6", query.mark_open,
                    query.mark_close),
        std::to_string(query.exclude), limit < 0 ? Param() : Param(std::to_string(limit))};
    // As written: the words of configuration 'simple'; by stems: those or the stems of any of
    // the index's languages.
    std::string tsquery = "websearch_to_tsquery('simple', $1)";
    std::string headline = "'simple'";
    if (!exact) {
        const auto configs = index_text_configs(m_db);
        for (const auto& c : configs) {
            params.emplace_back(c);
            tsquery += fmt::format(" || websearch_to_tsquery(${}::regconfig, $1)", params.size());
        }
        if (!configs.empty()) {
            headline = "$" + std::to_string(params.size() - configs.size() + 1) + "::regconfig";
        }
        tsquery = "(" + tsquery + ")";
    }
    tsquery += " && CASE WHEN $2 = '' THEN ''::tsquery ELSE to_tsquery('simple', $2) END";
    if (m_db.run(fmt::format("SELECT numnode({}), $3::text, $4::text, $5::text", tsquery), params)
            .integer(0, 0) == 0) {
        throw QuerySyntaxError("the query has no words to look for");
    }
    std::string sql = fmt::format(
        "WITH q AS (SELECT {} AS q) "
        "SELECT t.number, t.type, t.title, t.status, t.resolution, "
        "regexp_replace(ts_headline({}, t.title || E'\\n' || t.description || E'\\n' || x.notes "
        "|| E'\\n' || t.resolution, q.q, $3), '\\s+', ' ', 'g'), "
        "ts_rank('{{0.2, 0.4, 0.6, 1.0}}', x.{}, q.q) AS rank "
        "FROM q, ticket_text x JOIN tickets t ON t.number = x.ticket "
        "WHERE x.{} @@ q.q AND t.number <> $4::bigint",
        tsquery, headline, exact ? "words" : "stems", exact ? "words" : "stems");
    if (!query.statuses.empty()) {
        sql += " AND t.status IN (";
        for (std::size_t s = 0; s < query.statuses.size(); ++s) {
            params.emplace_back(model::to_string(query.statuses[s]));
            sql += fmt::format("{}${}", s == 0 ? "" : ", ", params.size());
        }
        sql += ")";
    }
    sql += " ORDER BY rank DESC, t.number DESC LIMIT $5::bigint";
    const Result r = m_db.run(sql, params);
    std::vector<TextHit> hits;
    for (int row = 0; row < r.rows(); ++row) {
        TextHit h;
        h.ticket.number = r.integer(row, 0);
        h.ticket.type = model::parse_type(r.text(row, 1)).value_or(model::Type::incident);
        h.ticket.title = r.text(row, 2);
        h.ticket.status = model::parse_status(r.text(row, 3)).value_or(model::Status::new_);
        h.ticket.resolution = r.text(row, 4);
        h.snippet = r.text(row, 5);
        h.score = std::stod(std::string(r.text(row, 6)));
        hits.push_back(std::move(h));
    }
    return hits;
}

long long TextIndex::rebuild(const std::vector<std::string>& languages) {
    recreate(languages);
    m_db.run("SELECT itsm_text_fill(0)");
    return m_db.run("SELECT count(*) FROM ticket_text").integer(0, 0);
}

void TextIndex::recreate(const std::vector<std::string>& languages) {
    std::string joined;
    for (const auto& l : languages) {
        joined += (joined.empty() ? "" : " ") + l;
    }
    m_db.run("INSERT INTO itsm_meta (key, value) VALUES ('index_languages', $1) "
             "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
             {joined});
    m_db.run("DELETE FROM ticket_text");
}

std::vector<std::string> TextIndex::languages() {
    const Result r = m_db.run("SELECT value FROM itsm_meta WHERE key = 'index_languages'");
    if (r.rows() == 0) {
        return {"english"}; // as the file store's index before a reindex
    }
    std::vector<std::string> out;
    std::string_view rest = r.text(0, 0);
    while (!rest.empty()) {
        const auto space = rest.find(' ');
        out.emplace_back(rest.substr(0, space));
        rest = space == std::string_view::npos ? std::string_view() : rest.substr(space + 1);
    }
    return out;
}

bool TextIndex::has_tickets() {
    return m_db.run("SELECT EXISTS (SELECT 1 FROM tickets)").text(0, 0) == "t";
}

} // namespace itsm::store::postgres

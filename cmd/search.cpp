// itsm search: the knowledge base: tickets whose title, description, notes or resolution match,
// best first, with the matching passage; --reindex rebuilds the index.

#include "commands.hpp"
#include "numbers.hpp"

#include <itsm/core/error.hpp>
#include <itsm/render/table.hpp>
#include <itsm/render/terminal.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>

namespace itsm::cmd {

namespace {

struct SearchOptions {
    std::string query;
    std::vector<std::string> statuses;
    long long limit = 20;
    bool reindex = false;
    std::string format = "text";
};

// On a colour terminal the matches are marked with two private-use characters, which the
// escaping of the snippet leaves as they are, and made bold only after it: the ticket's own text
// cannot carry an escape sequence through.
constexpr std::string_view k_bold_open = "\xee\x80\x80";  // U+E000
constexpr std::string_view k_bold_close = "\xee\x80\x81"; // U+E001

std::string shown_snippet(const std::string& snippet) {
    std::string out = render::terminal_text(snippet);
    for (const auto& [mark, sgr] : {std::pair{k_bold_open, std::string_view("\x1b[1m")},
                                    std::pair{k_bold_close, std::string_view("\x1b[0m")}}) {
        for (auto at = out.find(mark); at != std::string::npos; at = out.find(mark, at)) {
            out.replace(at, mark.size(), sgr);
        }
    }
    return out;
}

void run_search(AppContext& ctx, const SearchOptions& o) {
    if (o.reindex) {
        if (!o.query.empty()) {
            throw UsageError("--reindex takes no query: run 'itsm search --reindex' alone");
        }
        const auto count =
            knowledge::reindex(ctx.store(store::Mode::write), ctx.config().knowledge.languages);
        ctx.out << fmt::format("{} tickets indexed\n", count);
        return;
    }
    knowledge::Query q;
    q.text = o.query;
    q.limit = o.limit;
    for (const auto& s : o.statuses) {
        if (s == "open") {
            q.statuses.insert(q.statuses.end(), {model::Status::new_, model::Status::assigned,
                                                 model::Status::on_hold});
            continue;
        }
        const auto status = model::parse_status(s);
        if (!status) {
            throw UsageError(fmt::format(
                "--status {}: use new, assigned, on-hold, resolved, closed or open", s));
        }
        q.statuses.push_back(*status);
    }
    if (o.format == "text" && ctx.color()) {
        q.mark_open = k_bold_open;
        q.mark_close = k_bold_close;
    }
    auto& store = ctx.store(store::Mode::read);
    const auto& languages = ctx.config().knowledge.languages;
    if (const auto indexed = knowledge::index_languages(store); indexed != languages) {
        say(ctx.err, "warning",
            fmt::format("the index finds word families in {} but itsm.toml asks for {}; run "
                        "'itsm search --reindex' to apply the change (docs/knowledge.md)",
                        fmt::join(indexed, ", "), fmt::join(languages, ", ")));
    }
    const auto hits = knowledge::search(store, q);
    print_hits(ctx, hits, o.format, "no ticket matches");
}

} // namespace

nlohmann::json hits_json(AppContext& ctx, const std::vector<knowledge::Hit>& hits) {
    auto out = nlohmann::json::array();
    for (const auto& h : hits) {
        out.push_back({{"id", desk::display_id(ctx.config(), h.ticket)},
                       {"title", h.ticket.title},
                       {"status", model::to_string(h.ticket.status)},
                       {"resolution", h.ticket.resolution},
                       {"snippet", h.snippet},
                       {"score", h.score}});
    }
    return out;
}

void print_hits(AppContext& ctx, const std::vector<knowledge::Hit>& hits, const std::string& format,
                const std::string& none) {
    if (format == "json") {
        ctx.out << hits_json(ctx, hits).dump(2) << '\n';
        return;
    }
    if (hits.empty()) {
        ctx.out << none << '\n';
        return;
    }
    for (const auto& h : hits) {
        ctx.out << fmt::format("{}  {}  {}\n", desk::display_id(ctx.config(), h.ticket),
                               model::to_string(h.ticket.status),
                               render::terminal_text(h.ticket.title));
        ctx.out << "    " << shown_snippet(h.snippet) << '\n';
        if (!h.ticket.resolution.empty()) {
            ctx.out << "    resolution: " << render::terminal_text(h.ticket.resolution) << '\n';
        }
    }
}

void register_search(CLI::App& app, AppContext& ctx) {
    auto o = std::make_shared<SearchOptions>();
    auto* c = app.add_subcommand("search", "search the knowledge base: titles, descriptions, "
                                           "notes and resolutions, best match first");
    c->footer("Examples: itsm search \"printer jam\" --status resolved --status closed\n"
              "          itsm search 'vpn NOT password' --format json | jq '.[].id'\n"
              "          itsm search --reindex");
    c->add_option("query", o->query, "words, \"a phrase\", OR, NOT, prefix* (FTS5 syntax)");
    c->add_option("--status", o->statuses,
                  "new|assigned|on-hold|resolved|closed|open (repeat or comma-separate)")
        ->delimiter(',')
        ->allow_extra_args(false)
        ->type_name("STATUS");
    add_number(c, "--limit", o->limit, "at most N tickets (default 20)", k_count);
    c->add_flag("--reindex", o->reindex, "rebuild the index from the tickets and their notes");
    add_format(c, o->format, {"text", "json"});
    c->callback([&ctx, o] {
        if (o->query.empty() && !o->reindex) {
            throw UsageError("search needs a QUERY, e.g. itsm search \"printer jam\", or "
                             "--reindex");
        }
        run_search(ctx, *o);
    });
}

} // namespace itsm::cmd

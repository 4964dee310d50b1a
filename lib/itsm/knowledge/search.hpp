#pragma once
// The knowledge base: full-text search (the store's index, store/search.hpp) over titles,
// descriptions, notes and resolutions, ranked by relevance, and the resolved tickets most like a
// given one.

#include <itsm/model/ticket.hpp>
#include <itsm/store/search.hpp>
#include <itsm/store/store.hpp>

#include <string>
#include <vector>

namespace itsm::knowledge {

/// A search query and what narrows it; one ticket found (store/search.hpp).
using Query = store::TextQuery;
using Hit = store::TextHit;

/// Runs `query`: the tickets with its words as written first, then those with only other words
/// of their families (the same stems); throws UsageError (exit 2) naming the problem when the query
/// is not valid FTS5 syntax, or is empty.
std::vector<Hit> search(store::Store& store, const Query& query);

/// An FTS5 query of the significant words of `text` (any of them): words of three letters or
/// more, common words left out, each once, at most 16; "" when there are none.
std::string words_query(std::string_view text);

/// Resolved and closed tickets that look like `ticket` (its title and description), best first.
std::vector<Hit> similar(store::Store& store, const model::Ticket& ticket, long long limit);

/// Rebuilds the index from the tickets and their notes, stemming in `languages` (Snowball
/// names, config::Knowledge); returns how many tickets it holds.
long long reindex(store::Store& store, const std::vector<std::string>& languages);

/// The languages the store's index stems in: those of its last reindex (English before one).
std::vector<std::string> index_languages(store::Store& store);

/// Makes the index of a store without tickets stem in `languages` (a new store takes the
/// configured ones); a store with tickets keeps its index until a reindex.
void adopt_languages(store::Store& store, const std::vector<std::string>& languages);

} // namespace itsm::knowledge

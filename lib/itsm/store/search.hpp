#pragma once
// The full-text index of the tickets' texts (docs/knowledge.md): what the knowledge base asks
// the store, each store answering with its own full-text search (sqlite/search.hpp: FTS5).

#include <itsm/model/ticket.hpp>

#include <stdexcept>
#include <string>
#include <vector>

namespace itsm::store {

/// A search query and what narrows it.
struct TextQuery {
    std::string text;                    // FTS5 syntax: words, "a phrase", OR, NOT, prefix*
    std::vector<model::Status> statuses; // empty = every status
    long long exclude = 0;               // a ticket number to leave out (0 = none)
    long long limit = 20;
    std::string mark_open = "["; // around each matched term in the snippet
    std::string mark_close = "]";
};

/// One ticket found, best first.
struct TextHit {
    model::Ticket ticket; // number, type, title, status, resolution
    std::string snippet;  // the best-matching passage with the terms marked
    double score = 0;     // higher is better
};

/// A query the index cannot read; what() says why, in the index's words.
class QuerySyntaxError : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

/// The store's full-text index.
class TextIndex {
public:
    virtual ~TextIndex() = default;
    /// The tickets matching `query`, best first, at most `limit` (-1: no limit): by the words
    /// as written (`exact`) or by their stems. Throws QuerySyntaxError.
    virtual std::vector<TextHit> match(const TextQuery& query, bool exact, long long limit) = 0;
    /// Makes the index again, stemming in `languages`, from every ticket; returns how many it
    /// holds. Inside a write transaction.
    virtual long long rebuild(const std::vector<std::string>& languages) = 0;
    /// Makes the index again, empty, stemming in `languages`. Inside a write transaction.
    virtual void recreate(const std::vector<std::string>& languages) = 0;
    /// The languages the index stems in: those of its last rebuild (English before one).
    virtual std::vector<std::string> languages() = 0;
    /// Whether the store holds any ticket.
    virtual bool has_tickets() = 0;
};

} // namespace itsm::store

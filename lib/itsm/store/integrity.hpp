#pragma once
// What `itsm check` reads of the store beside the tickets and their events (desk/verify): the
// storage's own check, rows that belong to no ticket, the audit chain, the tables kept beside
// the histories (links, outages, the search index) and the seals; each store implements it
// (sqlite/integrity.hpp).

#include <itsm/model/replay.hpp>
#include <itsm/store/chain.hpp>
#include <itsm/store/outages.hpp>
#include <itsm/store/seals.hpp>

#include <cstddef>
#include <string>
#include <vector>

namespace itsm::store {

/// An event of a ticket that does not exist.
struct OrphanEvent {
    long long id = 0;
    long long ticket = 0;
    std::string kind;
};

/// A link of a ticket that does not exist.
struct OrphanLink {
    long long ticket = 0;
    long long other = 0;
};

/// The store's integrity, as `itsm check` reads it.
class Integrity {
public:
    virtual ~Integrity() = default;
    /// What the storage's own check finds wrong, one line each; empty when sound.
    virtual std::vector<std::string> storage_problems() = 0;
    /// Events whose ticket does not exist, by id.
    virtual std::vector<OrphanEvent> orphan_events() = 0;
    /// Links whose ticket does not exist.
    virtual std::vector<OrphanLink> orphan_links() = 0;
    /// The audit chain of the event hashes checked, with at most `max_breaks` breaks listed and
    /// the stored hash of event number `mark` kept (ChainCheck).
    virtual ChainReport chain(std::size_t max_breaks, long long mark) = 0;
    /// Every link row, by ticket and other.
    virtual std::vector<model::LinkRow> link_rows() = 0;
    /// Every outage row (ticket, service, start, end; no resolution), by ticket.
    virtual std::vector<Outage> outage_rows() = 0;
    /// The tickets whose text in the search index is not the ticket's (or missing), and the
    /// index's entries of no ticket, by number.
    virtual std::vector<long long> text_index_mismatches() = 0;
    /// The seals of the facts no event records (seals.hpp) checked.
    virtual SealReport seals() = 0;
};

} // namespace itsm::store

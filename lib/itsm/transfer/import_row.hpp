#pragma once
// One imported ticket as read from a line, before it is checked and written. Buffers are kept
// between rows so that a million-line import does not allocate per line.

#include <itsm/config/config.hpp>
#include <itsm/model/replay.hpp>
#include <itsm/model/ticket.hpp>
#include <itsm/store/bulk.hpp>
#include <itsm/transfer/fields.hpp>

#include <array>
#include <string>
#include <vector>

namespace itsm::transfer {

/// A problem with the current line; the importer adds FILE:LINE.
struct Bad {
    std::string message;
    long long line = 0; // set where the line is not the one being read
};

/// One field's value as read.
using Slot = store::BulkValue;
using RawEvent = store::BulkEvent;
using LinkIn = store::BulkLink;

/// A ticket as read, which the store's import writer takes as it is.
struct Row : store::BulkTicket {
    std::array<bool, k_fields.size()> present{}; // the field was in the input

    /// Empties the row, keeping its buffers.
    void clear();
    /// A cleared event or link slot appended to the row.
    RawEvent& next_event();
    LinkIn& next_link();
};

/// Checks a row as a whole (required fields, texts, instants from 1970, statuses against their
/// times, the order of events) and fills what may be left out: updated_at, and for a row without
/// events a minimal history built from its fields (logged, first response, resolved, closed, on
/// hold) recorded by `actor`. Throws Bad.
void complete(Row& row, const std::string& actor);

/// Before `complete`: a row without a history and without a priority (CSV needs no priority
/// column) takes the configuration's default priority, as `itsm log` gives it.
void use_default_priority(Row& row, const config::Config& config);

/// Holds a completed row to the names the commands accept (Config::unknown_priority, _service,
/// _group): its priority is defined, its service catalogued (or allowed uncatalogued), its
/// group configured. Throws Bad.
void check_names(const Row& row, const config::Config& config);

/// What check_history works with, kept between rows for its strings' memory.
struct HistoryCheck {
    std::vector<model::Event> events; // the row's events, parsed: left for the link check
    model::Fields replayed, stored;   // the history's fields and the row's
};

/// After `complete` and `check_names`: replays the row's history as `itsm check` does
/// (model/replay.hpp) and holds every field it determines to it, with check's message for the
/// first that differs. Throws Bad.
void check_history(const Row& row, HistoryCheck& check);

} // namespace itsm::transfer

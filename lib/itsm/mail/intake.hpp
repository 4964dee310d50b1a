#pragma once
// What the desk does with one incoming message (docs/mail.md): a new conversation logs a
// ticket, a reply adds the customer's words to its ticket (reopening it, or logging a follow-up
// when it is resolved too long or closed), a bounce is recorded against the ticket it returns,
// the same message twice is taken once. The raw message is stored in the change's transaction.

#include <itsm/config/config.hpp>
#include <itsm/mail/message.hpp>
#include <itsm/store/store.hpp>

#include <filesystem>
#include <future>
#include <string>
#include <string_view>

namespace itsm::mail {

/// What became of a message.
struct Outcome {
    std::string result; // logged, received, reopened, followed-up, bounced, duplicate, ignored
    std::string ticket; // the ticket's display id; "" when none
    std::string linked; // followed-up: the resolved or closed ticket the new one follows
    bool acknowledged = false;
    std::string why; // why it was not answered (automatic, own address, rate limit), if so
};

/// Loads the MIME library on a thread of its own while the caller reads the message, the
/// configuration and the store: mapping and binding it is a third of what `mail-in` does, and
/// the machine's other core is free meanwhile. The destructor waits for it. A library that
/// cannot be loaded is reported by `receive`, where the message is parsed, as before.
class Preload {
public:
    Preload();
    ~Preload();
    Preload(const Preload&) = delete;
    Preload& operator=(const Preload&) = delete;

private:
    std::future<void> m_loaded;
};

/// Takes `raw` into the store at `now`. Throws MailError (permanent) for a message it will
/// never take (too large, not a message, no sender), and StoreError when the store cannot be
/// written (the caller asks for the message again later).
Outcome receive(store::Store& store, const config::Config& config, std::string_view raw,
                time::Instant now);

/// Keeps a refused message in `folder` (created if missing) as NAME.eml beside NAME.reason;
/// returns the message's path. Throws MailError (temporary) when it cannot be written.
std::filesystem::path quarantine(const std::filesystem::path& folder, std::string_view raw,
                                 const std::string& reason, time::Instant now);

} // namespace itsm::mail

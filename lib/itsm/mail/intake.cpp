#include <itsm/core/error.hpp>
#include <itsm/core/sha256.hpp>
#include <itsm/desk/desk.hpp>
#include <itsm/mail/error.hpp>
#include <itsm/mail/intake.hpp>
#include <itsm/model/id.hpp>
#include <itsm/model/text.hpp>
#include <itsm/notify/outbox.hpp>
#include <itsm/store/mail.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>

namespace itsm::mail {

namespace {

using nlohmann::json;
namespace key = model::key;

std::string lowered(std::string text) {
    std::transform(text.begin(), text.end(), text.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return text;
}

std::string domain_of(std::string_view address) {
    const auto at = address.rfind('@');
    return at == std::string_view::npos ? std::string()
                                        : lowered(std::string(address.substr(at + 1)));
}

// At most `max` bytes of `text`, cut on a character boundary.
std::string utf8_prefix(std::string text, std::size_t max) {
    if (text.size() <= max) {
        return text;
    }
    std::size_t cut = max;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) {
        --cut;
    }
    text.resize(cut);
    return text;
}

std::string trimmed_copy(std::string_view text) {
    const auto a = text.find_first_not_of(" \t\n");
    if (a == std::string_view::npos) {
        return {};
    }
    return std::string(text.substr(a, text.find_last_not_of(" \t\n") - a + 1));
}

bool listed(const std::vector<std::string>& list, const std::string& item) {
    return std::find(list.begin(), list.end(), item) != list.end();
}

// Why a message must not be answered, or "" when it may be.
std::string automatic_reason(const config::Config& config, const Message& m) {
    if (listed(config.mail.addresses, m.from_address) ||
        (!config.notify.sender.empty() && lowered(config.notify.sender) == m.from_address)) {
        return "from the desk's own address";
    }
    if (!m.auto_submitted.empty() && m.auto_submitted != "no") {
        return "Auto-Submitted: " + m.auto_submitted;
    }
    if (m.precedence == "bulk" || m.precedence == "junk" || m.precedence == "list") {
        return "Precedence: " + m.precedence;
    }
    if (!m.list_id.empty()) {
        return "a mailing list's copy (List-Id)";
    }
    return {};
}

bool is_bounce(const Message& m) {
    const std::string local = m.from_address.substr(0, m.from_address.find('@'));
    return m.delivery_report || local == "mailer-daemon" || local == "postmaster";
}

std::string outgoing_domain(const config::Config& config) {
    const auto at = config.notify.sender.find('@');
    return at == std::string::npos ? "itsm.invalid" : lowered(config.notify.sender.substr(at + 1));
}

// "INC-42" from "[INC-42]" in `text` for a prefix of the configuration.
std::optional<std::string> tag_in(const config::Config& config, std::string_view text) {
    for (auto open = text.find('['); open != std::string_view::npos;
         open = text.find('[', open + 1)) {
        const auto close = text.find(']', open);
        if (close == std::string_view::npos) {
            return std::nullopt;
        }
        const auto inner = text.substr(open + 1, close - open - 1);
        const auto id = model::TicketId::parse(inner);
        if (!id || id->prefix().empty() || inner.size() - inner.find('-') > 16) {
            continue;
        }
        if (model::is_configured(config.prefixes, id->prefix())) {
            return id->to_string();
        }
    }
    return std::nullopt;
}

// "42" from a Message-ID itsm wrote for ticket 42 ("itsm.42@domain", "itsm.42.7.logged.…@").
std::optional<std::string> own_thread(const config::Config& config,
                                      const std::vector<std::string>& ids) {
    const std::string domain = outgoing_domain(config);
    for (const auto& id : ids) {
        if (!id.starts_with("itsm.") || domain_of(id) != domain) {
            continue;
        }
        const auto digits = id.substr(5, id.find_first_not_of("0123456789", 5) - 5);
        const char after = id.size() > 5 + digits.size() ? id[5 + digits.size()] : '\0';
        if (!digits.empty() && digits.size() < 16 && (after == '.' || after == '@')) {
            return digits;
        }
    }
    return std::nullopt;
}

std::optional<model::Ticket> find(store::Store& store, const config::Config& config,
                                  const std::optional<std::string>& id) {
    if (!id) {
        return std::nullopt;
    }
    try {
        return desk::load(store, config, *id);
    } catch (const NotFoundError&) {
        return std::nullopt;
    } catch (const UsageError&) {
        return std::nullopt;
    }
}

// The organisation of a sender's domain: [mail.domains], else the [notify.orgs] entry with an
// address in that domain.
std::string org_of(const config::Config& config, const std::string& domain) {
    if (const auto it = config.mail.domains.find(domain); it != config.mail.domains.end()) {
        return it->second;
    }
    for (const auto& [org, contacts] : config.notify.orgs) {
        for (const auto* list : {&contacts.to, &contacts.cc}) {
            for (const auto& a : *list) {
                if (domain_of(a) == domain) {
                    return org;
                }
            }
        }
    }
    return {};
}

model::Type type_for(const config::Config& config, const Message& m) {
    std::string type = config.mail.default_type;
    for (const auto& r : m.recipients) {
        if (const auto it = config.mail.types.find(r); it != config.mail.types.end()) {
            type = it->second;
            break;
        }
    }
    return model::parse_type(type).value_or(model::Type::incident);
}

class Intake {
public:
    Intake(store::Store& store, const config::Config& config, const Message& m, time::Instant now)
        : m_store(store), m_config(config), m_m(m), m_now(now) {}

    Outcome run(std::string_view raw, const std::string& key) {
        Outcome out;
        out.why = automatic_reason(m_config, m_m);
        if (out.why == "from the desk's own address") {
            out.result = "ignored";
        } else if (is_bounce(m_m)) {
            bounce(out);
        } else if (auto t = find(m_store, m_config, tag_in(m_config, m_m.subject).or_else([&] {
                       return own_thread(m_config, m_m.thread_ids);
                   }))) {
            reply(*t, out);
        } else if (m_m.auto_submitted.starts_with("auto-replied")) {
            out.result = "ignored"; // an automatic answer to no conversation of the desk's
        } else {
            log_new(out, std::nullopt);
        }
        save(raw, key, out);
        return out;
    }

private:
    desk::Stamp stamp_after(const model::Ticket& t) const {
        return {m_m.from_address, std::max(m_now, t.updated_at)};
    }

    void bounce(Outcome& out) {
        out.why = "a delivery report";
        const std::string text = m_m.subject + "\n" + m_m.embedded + "\n" + m_m.text;
        auto t = find(m_store, m_config, tag_in(m_config, text));
        if (!t) {
            t = find(m_store, m_config, own_thread(m_config, message_ids(text)));
        }
        if (!t) {
            out.result = "ignored";
            return;
        }
        record(*t, model::EventKind::bounced,
               {{key::from, m_m.from_address},
                {key::subject, m_m.subject},
                {key::text, utf8_prefix(trimmed_copy(m_m.text), 4000)}});
        out.result = "bounced";
        out.ticket = desk::display_id(m_config, *t);
    }

    void reply(model::Ticket t, Outcome& out) {
        const std::string id = desk::display_id(m_config, t);
        const bool automatic = !out.why.empty();
        const bool resolved = t.status == model::Status::resolved;
        const bool within =
            resolved && t.resolved_at &&
            m_now - *t.resolved_at <= std::chrono::hours(24) * m_config.mail.reopen_days;
        if (model::is_open(t.status) || automatic) {
            out.result = "received";
        } else if (within) {
            t = desk::reopen(m_store, m_config, id, "the requester replied by e-mail",
                             stamp_after(t));
            out.result = "reopened";
        } else {
            log_new(out, t);
            return;
        }
        record(t, model::EventKind::received, correspondence(without_quoted(m_m.text)));
        out.ticket = id;
        m_ticket = t.number;
    }

    json correspondence(const std::string& text) const {
        json d = {{key::from, m_m.from_address},
                  {key::subject, m_m.subject},
                  {key::text, utf8_prefix(text, model::k_max_text)},
                  {key::is_public, true}};
        if (!m_m.from_name.empty()) {
            d[key::name] = m_m.from_name;
        }
        if (!m_m.message_id.empty()) {
            d[key::message_id] = m_m.message_id;
        }
        if (!m_m.attachments.empty()) {
            d[key::attachments] = m_m.attachments.size();
        }
        return d;
    }

    void record(model::Ticket& t, model::EventKind kind, json detail) {
        const auto stamp = stamp_after(t);
        model::Event e;
        e.ticket = t.number;
        e.at = stamp.at;
        e.actor = stamp.actor;
        e.kind = kind;
        e.detail = std::move(detail);
        m_store.append_event(e);
        t.updated_at = stamp.at;
        m_store.save_ticket(t);
        m_event = e.id;
        m_ticket = t.number;
    }

    bool may_acknowledge(Outcome& out) const {
        if (!out.why.empty()) {
            return false;
        }
        if (!m_config.mail.acknowledge) {
            out.why = "[mail] acknowledge = false";
            return false;
        }
        if (m_store.mailbox().acknowledgements_since(m_m.from_address,
                                                     m_now - std::chrono::hours(1)) >=
            m_config.mail.acknowledgements_per_hour) {
            out.why = fmt::format("{} acknowledgements to {} in the last hour",
                                  m_config.mail.acknowledgements_per_hour, m_m.from_address);
            return false;
        }
        return true;
    }

    void log_new(Outcome& out, const std::optional<model::Ticket>& follows) {
        desk::LogRequest r;
        r.type = type_for(m_config, m_m);
        r.title = utf8_prefix(trimmed_copy(m_m.subject), model::k_max_title);
        if (r.title.empty()) {
            r.title = "(no subject)";
        }
        r.description = utf8_prefix(trimmed_copy(follows ? without_quoted(m_m.text) : m_m.text),
                                    model::k_max_text);
        r.requester = utf8_prefix(m_m.from_name.empty() ? m_m.from_address : m_m.from_name,
                                  model::k_max_short);
        const std::string& email = m_m.reply_to.empty() ? m_m.from_address : m_m.reply_to;
        r.email = email.size() <= model::k_max_short ? email : std::string();
        r.org = utf8_prefix(org_of(m_config, domain_of(m_m.from_address)), model::k_max_short);
        r.channel = "email";
        r.announce = false;
        r.follows = follows;
        const desk::Stamp stamp{m_m.from_address, m_now};
        model::Ticket t = desk::log(m_store, m_config, r, stamp);
        const std::string id = desk::display_id(m_config, t);
        if (follows) {
            out.linked = desk::display_id(m_config, *follows);
            out.result = "followed-up";
        } else {
            out.result = "logged";
        }
        const auto events = m_store.events_of(t.number);
        const model::Event& logged = events.front();
        m_event = logged.id;
        m_ticket = t.number;
        out.ticket = id;
        // The acknowledgement is the logged notice to the requester; without one, the notice
        // still goes to the other recipients [notify] gives it.
        out.acknowledged = may_acknowledge(out) &&
                           m_config.notify.wants(model::to_string(model::EventKind::logged)) &&
                           !t.email.empty();
        model::Ticket told = t;
        if (!out.acknowledged) {
            told.email.clear();
        }
        notify::announce(m_store, m_config, told, id, logged);
    }

    void save(std::string_view raw, const std::string& key, const Outcome& out) {
        std::vector<store::NewFile> files;
        if (m_ticket != 0 && out.result != "bounced") {
            for (const auto& file : m_m.attachments) {
                files.push_back({utf8_prefix(file.filename, model::k_max_short),
                                 utf8_prefix(file.content_type, model::k_max_short), file.data});
            }
        }
        m_store.mailbox().record(
            {key, m_ticket, m_event, out.result, m_m.from_address, out.acknowledged, m_now, raw},
            files);
    }

    store::Store& m_store;
    const config::Config& m_config;
    const Message& m_m;
    time::Instant m_now;
    long long m_ticket = 0;
    long long m_event = 0;
};

} // namespace

Outcome receive(store::Store& store, const config::Config& config, std::string_view raw,
                time::Instant now) {
    if (static_cast<long long>(raw.size()) > config.mail.max_size) {
        throw MailError(MailError::Kind::permanent,
                        fmt::format("the message is {} bytes, over the {} of [mail] max_size",
                                    raw.size(), config.mail.max_size));
    }
    const Message m = parse(raw);
    if (m.from_address.empty()) {
        throw MailError(MailError::Kind::permanent, "the message has no sender (From) address");
    }
    const std::string key = m.message_id.empty() ? "sha256:" + core::sha256_hex(raw) : m.message_id;
    store.begin_write();
    if (const auto seen = store.mailbox().seen(key)) {
        Outcome out;
        out.result = "duplicate";
        if (seen->ticket != 0) {
            if (auto t = store.find_ticket(seen->ticket)) {
                out.ticket = desk::display_id(config, *t);
            }
        }
        store.commit();
        return out;
    }
    Outcome out = Intake(store, config, m, now).run(raw, key);
    store.commit();
    return out;
}

std::filesystem::path quarantine(const std::filesystem::path& folder, std::string_view raw,
                                 const std::string& reason, time::Instant now) {
    namespace fs = std::filesystem;
    std::error_code ec;
    fs::create_directories(folder, ec);
    const std::string name =
        fmt::format("{}-{}", time::to_epoch(now), core::sha256_hex(raw).substr(0, 16));
    const fs::path message = folder / (name + ".eml");
    std::ofstream file(message, std::ios::binary | std::ios::trunc);
    file.write(raw.data(), static_cast<std::streamsize>(raw.size()));
    std::ofstream why(folder / (name + ".reason"), std::ios::trunc);
    why << reason << '\n';
    file.close();
    why.close();
    if (ec || !file || !why) {
        throw MailError(MailError::Kind::temporary,
                        fmt::format("cannot keep the refused message in {} ({}): {}",
                                    folder.string(), ec ? ec.message() : "write failed", reason));
    }
    return message;
}

} // namespace itsm::mail

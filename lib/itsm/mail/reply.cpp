#include <itsm/core/error.hpp>
#include <itsm/mail/reply.hpp>
#include <itsm/model/text.hpp>
#include <itsm/notify/mail.hpp>
#include <itsm/notify/outbox.hpp>
#include <itsm/store/mail.hpp>

#include <fmt/format.h>

namespace itsm::mail {

namespace {

// The desk's address replies come from: the first of [mail] addresses, else [notify] sender.
std::string desk_address(const config::Config& config) {
    if (!config.notify.enabled()) {
        throw ConfigError("itsm reply sends through [notify]: give it a `command` or a `spool` "
                          "in itsm.toml (docs/notifications.md)");
    }
    const std::string from =
        config.mail.addresses.empty() ? config.notify.sender : config.mail.addresses.front();
    if (from.empty()) {
        throw ConfigError("itsm reply needs the desk's address: set [mail] addresses or "
                          "[notify] sender in itsm.toml");
    }
    return from;
}

} // namespace

model::Ticket reply(store::Store& store, const config::Config& config, std::string_view id,
                    const std::string& text, const std::vector<std::string>& cc,
                    const desk::Stamp& stamp) {
    if (text.find_first_not_of(" \t\r\n") == std::string::npos) {
        throw UsageError("the reply is empty; give its text");
    }
    model::check_text("the reply", text, model::k_max_text, true);
    for (const auto& address : cc) {
        if (!notify::is_address(address)) {
            throw UsageError(fmt::format("--cc \"{}\" is not one e-mail address", address));
        }
    }
    const std::string from = desk_address(config);
    store.begin_write();
    model::Ticket t = desk::load(store, config, id);
    const std::string shown = desk::display_id(config, t);
    model::require_allowed(model::Action::note, t, shown);
    if (!notify::is_address(t.email)) {
        throw UsageError(fmt::format("{} has no requester address to reply to; set one with "
                                     "'itsm update {} --email ADDRESS'",
                                     shown, shown));
    }
    if (stamp.at < t.updated_at) {
        throw UsageError(fmt::format("--at {} is before the last change of {} ({})",
                                     time::format_utc(stamp.at), shown,
                                     time::format_utc(t.updated_at)));
    }
    const std::string answered = store.mailbox().last_received(t.number);
    model::Event e;
    e.ticket = t.number;
    e.at = stamp.at;
    e.actor = stamp.actor;
    e.kind = model::EventKind::replied;
    namespace key = model::key;
    e.detail = {{key::text, text}, {key::to, t.email}, {key::is_public, true}};
    if (!cc.empty()) {
        e.detail[key::cc] = cc;
    }
    store.append_event(e);
    if (!t.responded_at) {
        t.responded_at = stamp.at;
    }
    t.updated_at = stamp.at;
    store.save_ticket(t);

    const auto at = config.notify.sender.find('@');
    const std::string domain =
        at == std::string::npos ? "itsm.invalid" : config.notify.sender.substr(at + 1);
    notify::Mail m;
    m.from = from;
    m.to = {t.email};
    m.cc = cc;
    m.subject = fmt::format("[{}] {}", shown, t.title);
    m.body = text;
    m.date = stamp.at;
    m.message_id =
        fmt::format("itsm.{}.{}.replied.{}@{}", t.number, e.id, time::to_epoch(stamp.at), domain);
    m.references = fmt::format("itsm.{}@{}", t.number, domain);
    m.in_reply_to = answered;
    m.automatic = false;
    notify::queue(store, t.number, e.id, model::to_string(e.kind), m, stamp.at);
    store.commit();
    return t;
}

} // namespace itsm::mail

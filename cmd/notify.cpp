// itsm notify: the outbox of notification messages: list it, flush (retry) what is unsent.

#include "commands.hpp"

#include <itsm/core/error.hpp>
#include <itsm/model/id.hpp>
#include <itsm/notify/outbox.hpp>
#include <itsm/render/table.hpp>
#include <itsm/render/terminal.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace itsm::cmd {

namespace {

struct NotifyListOptions {
    bool all = false;
    std::string format = "text";
};

std::string ticket_id(AppContext& ctx, store::Store& store, long long number) {
    const auto t = store.find_ticket(number);
    return t ? desk::display_id(ctx.config(), *t) : model::TicketId("", number).to_string();
}

nlohmann::json split_recipients(const std::string& joined) {
    auto out = nlohmann::json::array();
    std::size_t start = 0;
    while (start < joined.size()) {
        auto end = joined.find(", ", start);
        end = end == std::string::npos ? joined.size() : end;
        out.push_back(joined.substr(start, end - start));
        start = end + 2;
    }
    return out;
}

void run_notify_list(AppContext& ctx, const NotifyListOptions& o) {
    auto& store = ctx.store(store::Mode::read);
    const auto queue = notify::list(store, o.all);
    if (o.format == "json") {
        auto out = nlohmann::json::array();
        for (const auto& m : queue) {
            out.push_back({{"id", m.id},
                           {"ticket", ticket_id(ctx, store, m.ticket)},
                           {"event", m.kind},
                           {"recipients", split_recipients(m.recipients)},
                           {"subject", m.subject},
                           {"created_at", time::format_utc(m.created_at)},
                           {"attempts", m.attempts},
                           {"last_error", m.last_error},
                           {"sent_at", m.sent_at ? nlohmann::json(time::format_utc(*m.sent_at))
                                                 : nlohmann::json(nullptr)}});
        }
        ctx.out << out.dump(2) << '\n';
        return;
    }
    if (queue.empty()) {
        ctx.out << (o.all ? "no messages\n" : "no messages waiting\n");
        return;
    }
    render::TextTable table({"#", "TICKET", "EVENT", "TO", "TRIES", "STATE", "SUBJECT"});
    table.align_right(0);
    table.align_right(4);
    for (const auto& m : queue) {
        const std::string state =
            m.sent_at ? "sent" : (m.last_error.empty() ? "queued" : "failed: " + m.last_error);
        table.add_row({std::to_string(m.id), ticket_id(ctx, store, m.ticket), m.kind, m.recipients,
                       std::to_string(m.attempts), state, m.subject});
    }
    ctx.out << table.render(ctx.width());
}

void run_notify_flush(AppContext& ctx) {
    const auto& config = ctx.config();
    const auto& notify = config.notify;
    if (!notify.enabled()) {
        throw ConfigError("[notify] has neither `command` nor `spool` in itsm.toml; set one to "
                          "send the queued messages");
    }
    if (!notify.command.empty() && ::access(notify.command.front().c_str(), X_OK) != 0) {
        throw ConfigError(fmt::format("[notify] command {} does not exist or cannot be run; "
                                      "give the full path of a sendmail-compatible program, "
                                      "e.g. \"/usr/sbin/sendmail\"",
                                      notify.command.front()));
    }
    auto& store = ctx.store(store::Mode::write);
    int sent = 0;
    int failed = 0;
    for (const auto& d : notify::deliver(store, config, true, ctx.now())) {
        if (d.sent) {
            ++sent;
        } else {
            ++failed;
            say(ctx.err, "warning",
                fmt::format("message {} (\"{}\") was not sent: {}", d.id, d.subject, d.error));
        }
    }
    ctx.out << fmt::format("{} sent, {} still queued\n", sent, failed);
    ctx.exit_code = failed > 0 ? 1 : 0;
}

} // namespace

void register_notify(CLI::App& app, AppContext& ctx) {
    auto* c = app.add_subcommand("notify", "the outbox of notification messages");
    c->require_subcommand(1);
    c->footer("Examples: itsm notify list --format json | jq '.[] | .subject'\n"
              "          itsm notify flush     # exit 1 while messages stay queued");
    auto o = std::make_shared<NotifyListOptions>();
    auto* list = c->add_subcommand("list", "messages waiting to be sent (--all: sent ones too)");
    list->add_flag("--all", o->all, "include messages already sent");
    add_format(list, o->format, {"text", "json"});
    list->callback([&ctx, o] { run_notify_list(ctx, *o); });
    auto* flush = c->add_subcommand("flush", "send every queued message again; exit 1 when some "
                                             "could not be sent");
    flush->callback([&ctx] { run_notify_flush(ctx); });
}

} // namespace itsm::cmd

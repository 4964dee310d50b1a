// itsm mail-in: takes one RFC 5322 message on standard input, as an MTA delivers it
// (docs/mail.md); exits 65 or 75 as sysexits asks when it does not take it.

#include "commands.hpp"

#include <itsm/mail/error.hpp>
#include <itsm/mail/intake.hpp>

#include <fmt/format.h>

#include <filesystem>
#include <iterator>

namespace itsm::cmd {

namespace {

struct MailInOptions {
    std::string format = "text";
};

std::filesystem::path quarantine_folder(AppContext& ctx) {
    const auto& configured = ctx.config().mail.quarantine;
    if (!configured.empty()) {
        return configured;
    }
    const std::string store = ctx.store_path();
    if (store::is_server(store)) {
        return std::filesystem::path(ctx.data_folder()) / "quarantine"; // nothing is beside it
    }
    return std::filesystem::absolute(store).parent_path() / "quarantine";
}

void print_outcome(AppContext& ctx, const mail::Outcome& out, const std::string& format) {
    if (format == "json") {
        nlohmann::json j = {
            {"result", out.result},
            {"ticket", out.ticket.empty() ? nlohmann::json() : nlohmann::json(out.ticket)},
            {"acknowledged", out.acknowledged}};
        if (!out.linked.empty()) {
            j["follows"] = out.linked;
        }
        if (!out.why.empty()) {
            j["not_answered"] = out.why;
        }
        ctx.out << j.dump() << '\n';
        return;
    }
    ctx.out << (out.ticket.empty() ? std::string("-") : out.ticket) << ' ' << out.result;
    if (!out.linked.empty()) {
        ctx.out << " (follows " << out.linked << ')';
    }
    ctx.out << '\n';
}

// Takes the message; a failure becomes MailError: temporary when the store or the
// configuration is at fault (the MTA delivers the message again), permanent when the message
// is (it is kept in quarantine, and the MTA returns it).
void take(AppContext& ctx, const std::string& raw, const std::string& format) {
    const auto& config = ctx.config();
    const auto now = ctx.now();
    std::string refused;
    try {
        print_outcome(ctx, mail::receive(ctx.store(store::Mode::write), config, raw, now), format);
        return;
    } catch (const mail::MailError& e) {
        if (e.kind() != mail::MailError::Kind::permanent) {
            throw;
        }
        refused = e.what();
    } catch (const StoreError&) {
        throw;
    } catch (const ConfigError&) {
        throw;
    } catch (const Error& e) {
        refused = e.what(); // the desk refused what the message asked
    }
    const auto kept = mail::quarantine(quarantine_folder(ctx), raw, refused, now);
    throw mail::MailError(mail::MailError::Kind::permanent,
                          fmt::format("{}; kept in {}", refused, kept.string()));
}

void run_mail_in(AppContext& ctx, const MailInOptions& o) {
    const mail::Preload preload; // GMime loads while the message and the store are read
    const std::string raw{std::istreambuf_iterator<char>(ctx.in), std::istreambuf_iterator<char>()};
    try {
        take(ctx, raw, o.format);
    } catch (const mail::MailError&) {
        throw;
    } catch (const std::exception& e) {
        throw mail::MailError(
            mail::MailError::Kind::temporary,
            fmt::format("{}; the message was not taken, deliver it again later", e.what()));
    }
}

} // namespace

void register_mail_in(CLI::App& app, AppContext& ctx) {
    auto o = std::make_shared<MailInOptions>();
    auto* c = app.add_subcommand("mail-in", "take one e-mail from standard input (an MTA's pipe)");
    c->footer("Example: itsm mail-in --format json < message.eml\n"
              "In /etc/aliases: helpdesk: \"|/usr/bin/itsm mail-in\"; exit 65: refused for good "
              "(kept in quarantine), 75: deliver again later.");
    add_format(c, o->format, {"text", "json"});
    c->callback([&ctx, o] { run_mail_in(ctx, *o); });
}

} // namespace itsm::cmd

// itsm attachment get: the bytes of a file that came with a ticket's mail.

#include "commands.hpp"

#include <itsm/core/error.hpp>
#include <itsm/mail/attachments.hpp>

#include <fmt/format.h>

#include <fstream>

namespace itsm::cmd {

namespace {

struct AttachmentGetOptions {
    std::string id;
    std::string output = "-";
};

void run_attachment_get(AppContext& ctx, const AttachmentGetOptions& o) {
    // An attachment id is a number alone: "INC-5" names a ticket, not attachment 5.
    const bool digits = !o.id.empty() && o.id.size() <= 18 &&
                        o.id.find_first_not_of("0123456789") == std::string::npos;
    const auto number = digits ? store::parse_number(o.id) : std::nullopt;
    if (!number) {
        throw UsageError(fmt::format("\"{}\" is not an attachment id; 'itsm show TICKET' lists "
                                     "them (a number)",
                                     o.id));
    }
    const auto found = mail::attachment(ctx.store(store::Mode::read), *number);
    if (!found) {
        throw NotFoundError(fmt::format("no attachment {}; 'itsm show TICKET' lists a ticket's "
                                        "attachments",
                                        o.id));
    }
    const auto& bytes = found->second;
    if (o.output == "-") {
        ctx.out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
        ctx.out.flush();
        return;
    }
    std::ofstream file(o.output, std::ios::binary | std::ios::trunc);
    file.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    file.close();
    if (!file) {
        throw UsageError(
            fmt::format("cannot write {}; check the folder exists and is writable", o.output));
    }
}

} // namespace

void register_attachment(CLI::App& app, AppContext& ctx) {
    auto* c = app.add_subcommand("attachment", "files that came with a ticket's mail");
    c->require_subcommand(1);
    auto o = std::make_shared<AttachmentGetOptions>();
    auto* get = c->add_subcommand("get", "write an attachment's bytes as they came");
    get->footer("Example: itsm attachment get 7 --output error.png");
    get->add_option("id", o->id, "attachment id (listed by 'itsm show')")->required();
    get->add_option("-o,--output", o->output, "file to write (default - : standard output)")
        ->type_name("FILE");
    get->callback([&ctx, o] { run_attachment_get(ctx, *o); });
}

} // namespace itsm::cmd

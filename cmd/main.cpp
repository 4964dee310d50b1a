// itsm: parse the command line, run one command, map errors to the documented exit codes.

#include "commands.hpp"
#include "complete.hpp"

#include <itsm/core/error.hpp>

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

int main(int argc, char** argv) {
    // Nothing here writes through C stdio; unsynchronised streams buffer on their own instead
    // of taking stdio's lock for every character (a JSON list of 100,000 tickets).
    std::ios::sync_with_stdio(false);
    itsm::cmd::AppContext ctx(std::cout, std::cerr, std::cin);
    CLI::App app{"itsm: IT service management from the command line", "itsm"};
    const std::vector<std::string> args(argv + std::min(argc, 1), argv + argc);
    if (!args.empty() && args.front() == itsm::cmd::k_complete_command) {
        itsm::cmd::register_all(app, ctx);
        return itsm::cmd::complete(app, ctx, {args.begin() + 1, args.end()});
    }
    // A command named on the line is set up alone; help for the whole program, a mistyped
    // command and an error's did-you-mean read every command.
    const bool alone = itsm::cmd::register_invoked(app, ctx, args);
    if (!alone) {
        itsm::cmd::register_all(app, ctx);
    }
    try {
        app.parse(argc, argv);
        ctx.deliver_queued();
    } catch (const CLI::CallForHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        return app.exit(e);
    } catch (const CLI::ParseError& e) {
        const auto unknown = itsm::cmd::unknown_name(app, args);
        itsm::cmd::say(std::cerr, "error",
                       (unknown.empty() ? std::string(e.what()) : unknown) + "; see 'itsm --help'");
        return static_cast<int>(itsm::ExitCode::usage);
    } catch (const itsm::Error& e) {
        itsm::cmd::say(std::cerr, "error", e.what());
        return static_cast<int>(e.code());
    } catch (const std::exception& e) {
        itsm::cmd::say(std::cerr, "error", std::string("internal: ") + e.what());
        return 1;
    }
    return ctx.exit_code;
}

// itsm: parse the command line, run one command, map errors to the documented exit codes.

#include "commands.hpp"
#include "complete.hpp"
#include "output.hpp"

#include <itsm/core/error.hpp>

#include <unistd.h>

#include <algorithm>
#include <iostream>
#include <string>
#include <vector>

namespace {

// Runs the command line; `failed` is set when it ended in an error, already reported.
int run(int argc, char** argv, bool& failed) {
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
    failed = true;
    try {
        app.parse(argc, argv);
        ctx.deliver_queued();
    } catch (const CLI::CallForHelp& e) {
        failed = false;
        return app.exit(e);
    } catch (const CLI::CallForAllHelp& e) {
        failed = false;
        return app.exit(e);
    } catch (const CLI::CallForVersion& e) {
        failed = false;
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
    failed = false;
    return ctx.exit_code;
}

} // namespace

int main(int argc, char** argv) {
    // Nothing here writes through C stdio; standard output goes through one buffer of its own
    // that keeps the first write error, instead of stdio's lock for every character.
    std::ios::sync_with_stdio(false);
    itsm::cmd::StdoutBuffer output(STDOUT_FILENO);
    std::streambuf* const previous = std::cout.rdbuf(&output);
    bool failed = false;
    int code = run(argc, argv, failed);
    std::cout.rdbuf(previous);
    // Output that did not all arrive (a full disk, /dev/full, a closed descriptor) is an error
    // of every command, even one that succeeded otherwise: a script must not take a cut-off
    // export for a whole one (docs/exit-codes.md).
    if (const auto error = output.finish(); !error.empty()) {
        std::cerr << "itsm: error: cannot write standard output: " << error
                  << "; what was printed is incomplete\n";
        if (!failed) {
            code = static_cast<int>(itsm::ExitCode::store);
        }
    }
    return code;
}

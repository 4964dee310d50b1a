// Delivery without a shell: posix_spawn of an argv array with the message on a pipe, or an
// atomic write into a spool folder.
#include <itsm/core/file_safety.hpp>
#include <itsm/notify/outbox.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <filesystem>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

extern char** environ;

namespace itsm::notify {

namespace {

// Closes a descriptor when it goes out of scope.
struct Fd {
    int fd = -1;
    Fd() = default;
    explicit Fd(int f) : fd(f) {}
    Fd(const Fd&) = delete;
    Fd& operator=(const Fd&) = delete;
    ~Fd() { reset(); }
    void reset() {
        if (fd >= 0) {
            ::close(fd);
        }
        fd = -1;
    }
};

std::string first_line(int fd) {
    std::string text;
    ::lseek(fd, 0, SEEK_SET);
    char buffer[512];
    const auto n = ::read(fd, buffer, sizeof buffer);
    if (n > 0) {
        text.assign(buffer, static_cast<std::size_t>(n));
    }
    text = text.substr(0, text.find('\n'));
    return text;
}

bool write_all(int fd, std::string_view data) {
    while (!data.empty()) {
        const auto n = ::write(fd, data.data(), data.size());
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            return false;
        }
        data.remove_prefix(static_cast<std::size_t>(n));
    }
    return true;
}

} // namespace

std::string run_command(const std::vector<std::string>& argv, std::string_view input) {
    if (argv.empty()) {
        return "no [notify] command is configured";
    }
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC) != 0) {
        return fmt::format("cannot make a pipe: {}", std::strerror(errno));
    }
    Fd read_end(pipe_fds[0]);
    Fd write_end(pipe_fds[1]);
    // The program's error output goes to an anonymous file, to quote it in the error.
    char err_name[] = "/tmp/itsm-notify-XXXXXX";
    Fd err_file(::mkostemp(err_name, O_CLOEXEC));
    if (err_file.fd >= 0) {
        ::unlink(err_name);
    }
    Fd null_out(::open("/dev/null", O_WRONLY | O_CLOEXEC));

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, read_end.fd, STDIN_FILENO);
    if (null_out.fd >= 0) {
        posix_spawn_file_actions_adddup2(&actions, null_out.fd, STDOUT_FILENO);
    }
    if (err_file.fd >= 0) {
        posix_spawn_file_actions_adddup2(&actions, err_file.fd, STDERR_FILENO);
    }
    std::vector<char*> args;
    for (const auto& a : argv) {
        args.push_back(const_cast<char*>(a.c_str()));
    }
    args.push_back(nullptr);
    pid_t pid = 0;
    const int spawned = ::posix_spawn(&pid, args[0], &actions, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    read_end.reset();
    if (spawned != 0) {
        return fmt::format("cannot run {}: {}; check [notify] command in itsm.toml", argv[0],
                           std::strerror(spawned));
    }
    // A program that exits without reading all of its input must not kill us with SIGPIPE.
    struct sigaction ignore {};
    struct sigaction previous {};
    ignore.sa_handler = SIG_IGN;
    ::sigaction(SIGPIPE, &ignore, &previous);
    const bool written = write_all(write_end.fd, input);
    write_end.reset();
    ::sigaction(SIGPIPE, &previous, nullptr);

    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    std::string said = err_file.fd >= 0 ? first_line(err_file.fd) : std::string();
    if (!said.empty()) {
        said = ": " + said;
    }
    if (WIFSIGNALED(status)) {
        return fmt::format("{} was killed by signal {}{}", argv[0], WTERMSIG(status), said);
    }
    if (WIFEXITED(status) && WEXITSTATUS(status) != 0) {
        return fmt::format("{} exited with status {}{}", argv[0], WEXITSTATUS(status), said);
    }
    if (!written) {
        return fmt::format("{} did not read the whole message", argv[0]);
    }
    return {};
}

std::string write_spool(const std::string& folder, const std::string& name,
                        std::string_view message) {
    namespace fs = std::filesystem;
    // A folder itsm makes is its owner's alone; one made beforehand keeps its mode (a mail
    // agent running as another user needs it readable: docs/notifications.md).
    if (const auto ec = core::make_private_folders(folder)) {
        return fmt::format("cannot create the spool folder {}: {}", folder, ec.message());
    }
    // A new file under a name nobody can guess, never one that exists or a planted link; the
    // rename replaces whatever is at the final name (a link itself, not its target).
    auto temp = core::create_exclusive(folder, "." + name + ".", ".tmp", 0640);
    if (!temp) {
        return fmt::format("cannot write in the spool folder {}: {}", folder,
                           temp.error().message());
    }
    Fd fd(temp->fd);
    const fs::path final_path = fs::path(folder) / (name + ".eml");
    if (!write_all(fd.fd, message) || ::fsync(fd.fd) != 0) {
        const std::string why = std::strerror(errno);
        ::unlink(temp->path.c_str());
        return fmt::format("cannot write {}: {}", temp->path.string(), why);
    }
    fd.reset();
    if (::rename(temp->path.c_str(), final_path.c_str()) != 0) {
        const std::string why = std::strerror(errno);
        ::unlink(temp->path.c_str());
        return fmt::format("cannot rename {} to {}: {}", temp->path.string(), final_path.string(),
                           why);
    }
    return {};
}

} // namespace itsm::notify

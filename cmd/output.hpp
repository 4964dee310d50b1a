#pragma once
// Standard output as every command writes it: a buffer over file descriptor 1 that remembers
// why a write failed (a full disk, /dev/full, a closed pipe), so that main can turn a lost or
// short write into an error (docs/exit-codes.md) instead of exiting 0 over incomplete output.

#include <array>
#include <ostream>
#include <streambuf>
#include <string>
#include <string_view>

namespace itsm::cmd {

class StdoutBuffer : public std::streambuf {
public:
    explicit StdoutBuffer(int fd);
    StdoutBuffer(const StdoutBuffer&) = delete;
    StdoutBuffer& operator=(const StdoutBuffer&) = delete;

    /// Writes what is buffered and closes the descriptor; "" when every byte written reached
    /// it, else why not ("No space left on device").
    std::string finish();

protected:
    int_type overflow(int_type c) override;
    std::streamsize xsputn(const char* data, std::streamsize size) override;
    int sync() override;

private:
    bool drain();
    bool write_all(const char* data, std::size_t size);

    int m_fd;
    int m_error = 0; // errno of the first failed write, 0 while none failed
    bool m_wrote = false;
    // Not zeroed: its pages are touched only as far as output is written (each new page is a
    // page fault, and most commands print a few lines).
    std::array<char, 65536> m_buffer;
};

/// What a long command is at, on one line of standard error that each step overwrites
/// ("\rimporting: 120000 tickets"), shown only when standard error is a terminal: pipes, files and
/// cron's mail get none of it. The line is ended by end(), or by the destructor when the command
/// fails on the way.
class TerminalProgress {
public:
    TerminalProgress(std::ostream& err, std::string_view label);
    ~TerminalProgress() { end(); }
    TerminalProgress(const TerminalProgress&) = delete;
    TerminalProgress& operator=(const TerminalProgress&) = delete;

    /// Whether progress is shown at all (standard error is a terminal).
    explicit operator bool() const { return m_on; }
    /// Shows `step` after the label, over the step before.
    void show(std::string_view step);
    /// Ends the line, once, if anything was shown: before the command's own output.
    void end();

private:
    std::ostream& m_err;
    std::string m_label;
    bool m_on;
    bool m_shown = false;
    std::size_t m_width = 0; // of the line last shown, to blank what a shorter one leaves
};

} // namespace itsm::cmd

#pragma once
// Standard output as every command writes it: a buffer over file descriptor 1 that remembers
// why a write failed (a full disk, /dev/full, a closed pipe), so that main can turn a lost or
// short write into an error (docs/exit-codes.md) instead of exiting 0 over incomplete output.

#include <array>
#include <streambuf>
#include <string>

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
    std::array<char, 65536> m_buffer{};
};

} // namespace itsm::cmd

#include "output.hpp"

#include <unistd.h>

#include <cerrno>
#include <cstring>

namespace itsm::cmd {

StdoutBuffer::StdoutBuffer(int fd) : m_fd(fd) {
    setp(m_buffer.data(), m_buffer.data() + m_buffer.size());
}

bool StdoutBuffer::write_all(const char* data, std::size_t size) {
    if (m_error != 0) {
        return false;
    }
    m_wrote = m_wrote || size > 0;
    while (size > 0) {
        const ssize_t n = ::write(m_fd, data, size);
        if (n < 0 && errno == EINTR) {
            continue;
        }
        if (n <= 0) {
            // A write of nothing where something was asked for is a full device as well.
            m_error = n < 0 ? errno : ENOSPC;
            return false;
        }
        data += n;
        size -= static_cast<std::size_t>(n);
    }
    return true;
}

bool StdoutBuffer::drain() {
    const auto size = static_cast<std::size_t>(pptr() - pbase());
    setp(m_buffer.data(), m_buffer.data() + m_buffer.size());
    return write_all(m_buffer.data(), size);
}

StdoutBuffer::int_type StdoutBuffer::overflow(int_type c) {
    if (!drain()) {
        return traits_type::eof();
    }
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
        *pptr() = traits_type::to_char_type(c);
        pbump(1);
    }
    return traits_type::not_eof(c);
}

std::streamsize StdoutBuffer::xsputn(const char* data, std::streamsize size) {
    const auto room = epptr() - pptr();
    if (size <= room) {
        std::memcpy(pptr(), data, static_cast<std::size_t>(size));
        pbump(static_cast<int>(size));
        return size;
    }
    // Larger than the room left: what is buffered, then the block itself, unbuffered.
    if (!drain() || !write_all(data, static_cast<std::size_t>(size))) {
        return 0;
    }
    return size;
}

int StdoutBuffer::sync() {
    return drain() ? 0 : -1;
}

std::string StdoutBuffer::finish() {
    drain();
    // The last chance to hear of a failed write (NFS reports some only here); a descriptor
    // closed before itsm started is no error when nothing was written to it.
    if (::close(m_fd) != 0 && m_error == 0 && (errno != EBADF || m_wrote)) {
        m_error = errno;
    }
    return m_error == 0 ? std::string() : std::string(std::strerror(m_error));
}

TerminalProgress::TerminalProgress(std::ostream& err, std::string_view label)
    : m_err(err), m_label(label), m_on(::isatty(STDERR_FILENO) != 0) {}

void TerminalProgress::show(std::string_view step) {
    if (!m_on) {
        return;
    }
    std::string line = m_label + ": ";
    line += step;
    const std::size_t width = line.size();
    if (width < m_width) {
        line.append(m_width - width, ' ');
    }
    m_err << '\r' << line << std::flush;
    m_width = width;
    m_shown = true;
}

void TerminalProgress::end() {
    if (m_shown) {
        m_err << '\n' << std::flush;
        m_shown = false;
    }
}

} // namespace itsm::cmd

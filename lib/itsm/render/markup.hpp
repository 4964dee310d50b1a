#pragma once
// Escaping and tables for the markup formats: Markdown (GitHub-flavoured) and HTML.

#include <string>
#include <string_view>
#include <vector>

namespace itsm::render {

/// Text safe inside HTML element content and double-quoted attribute values.
std::string html_escape(std::string_view text);

/// A Markdown table cell: pipes and backslashes escaped, line breaks made spaces, and the
/// characters that start emphasis, links or HTML escaped so the text shows as written.
std::string markdown_cell(std::string_view text);

/// A GitHub-flavoured Markdown table; columns whose index is in `right` are right-aligned.
/// Cells are escaped with markdown_cell.
std::string markdown_table(const std::vector<std::string>& header,
                           const std::vector<std::vector<std::string>>& rows,
                           const std::vector<std::size_t>& right = {});

/// An HTML <table> (escaped cells); columns whose index is in `right` get class "num".
std::string html_table(const std::vector<std::string>& header,
                       const std::vector<std::vector<std::string>>& rows,
                       const std::vector<std::size_t>& right = {});

} // namespace itsm::render

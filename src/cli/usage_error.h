// Usage errors in Chinese: what CLI11 found wrong with the command line,
// with the option or value as typed, a "是否指 …？" suggestion for a
// mistyped subcommand or option, and the failing subcommand's own help
// ("用法见：zwgk mail import --help").
//
// Contracts:
// - usage_failure(top, error) is called after `top.parse` threw: the
//   subcommands parsed so far are still recorded in `top`, so the message
//   names the deepest one, and the words CLI11 could not place are taken
//   from `remaining()` rather than from CLI11's English text.
// - Suggestions come from the app's real subcommands and options (CLI11's
//   lists), never from a hand-written list: a name is suggested when it is
//   the closest by edit distance (a transposition counts one) and close
//   enough (closest_name).
#pragma once

#include <CLI/CLI.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace zwgk::cli {

// Edit distance (optimal string alignment: insert, delete, substitute, swap
// two neighbours), over bytes.
std::size_t edit_distance(std::string_view a, std::string_view b);

// The candidate closest to `typed` when it is within k_max_suggestion_distance
// and nearer than half of typed's length; nullopt otherwise.
std::optional<std::string> closest_name(std::string_view typed, const std::vector<std::string>& candidates);

// The whole message, ending in a newline.
std::string usage_failure(const CLI::App& top, const CLI::Error& error);

} // namespace zwgk::cli

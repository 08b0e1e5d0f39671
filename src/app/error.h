// Errors of the application layer, with a kind that says whose fault it is.
//
// Both front ends report failures of app:: operations through this one type:
// the server maps the kind to an HTTP status (http_status), the CLI to an exit
// code (exit_code), each in exactly one place, so that a failure of the store
// or of a temporary folder is never answered as the user's bad input.
// `message` is Chinese (shown to staff as it is); `problems` holds the input
// problems with their places when there are several (BadInput).
#pragma once

#include <string>
#include <utility>

#include "model/diagnostics.h"

namespace zwgk::app {

enum class ErrorKind {
  BadInput,   // the caller's data or request is wrong: fix it and retry
  NotFound,   // what was named does not exist
  Forbidden,  // the caller may not do this
  Conflict,   // the state does not allow it now (already done, changed meanwhile)
  Internal,   // the program's own store, disk or temporary folder failed
};

struct Error {
  ErrorKind kind = ErrorKind::Internal;
  std::string message;
  Diagnostics problems;

  static Error bad_input(std::string message, Diagnostics problems = {}) {
    return {ErrorKind::BadInput, std::move(message), std::move(problems)};
  }
  static Error not_found(std::string message) { return {ErrorKind::NotFound, std::move(message), {}}; }
  static Error forbidden(std::string message) { return {ErrorKind::Forbidden, std::move(message), {}}; }
  static Error conflict(std::string message) { return {ErrorKind::Conflict, std::move(message), {}}; }
  static Error internal(std::string message) { return {ErrorKind::Internal, std::move(message), {}}; }
};

}  // namespace zwgk::app

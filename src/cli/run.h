// The zwgk command line: zwgk::cli::run() is all that main() calls.
#pragma once

namespace zwgk::cli {

// Exit codes: 0 success, 1 problems in the input (all reported), 2 usage.
int run(int argc, char** argv);

} // namespace zwgk::cli

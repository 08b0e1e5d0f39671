// Replays every fuzz target's corpus (fuzz/corpus/NAME/) through the target
// with its invariants (fuzz/NAME_fuzzer.cpp, docs/fuzzing.md): one test per
// target, so that CI keeps every input a fuzzer once needed, and checks the
// parsers against the same invariants, without running libFuzzer (the
// targets are compiled into this binary by GCC, without its entry points).
#include "harness.h"
#include "targets.h"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ostream>
#include <string>

namespace zwgk::fuzz {
namespace {

struct Target {
  const char* name;  // the corpus folder and the test's name
  void (*run)(std::string_view);
};

void PrintTo(const Target& target, std::ostream* os) { *os << target.name; }

class FuzzCorpus : public ::testing::TestWithParam<Target> {};

std::string test_name(const ::testing::TestParamInfo<Target>& target) { return target.param.name; }

TEST_P(FuzzCorpus, Replays) {
  Replay replay = replay_corpus(GetParam().name, GetParam().run);
  EXPECT_GE(replay.files, 10u) << "fuzz/corpus/" << GetParam().name << " is missing or nearly empty";
  EXPECT_THAT(replay.violations, ::testing::IsEmpty());
}

INSTANTIATE_TEST_SUITE_P(Targets, FuzzCorpus,
                         ::testing::Values(Target{"message", message}, Target{"mbox", mbox}, Target{"csv", csv},
                                           Target{"xlsx", xlsx}, Target{"registry", registry},
                                           Target{"scheme", scheme}, Target{"calendar", calendar},
                                           Target{"template", bulletin_template},
                                           Target{"multipart", multipart}),
                         test_name);

} // namespace
} // namespace zwgk::fuzz

// The assessment engine: data + scheme in, Result out. No I/O.
//
// assess() first validates the dataset against the period and itself
// (duplicates, months outside the period, a unit-month given both as counts
// and as items) and reports every problem at once; only a clean dataset is
// scored, so a result is never built from input that would be counted twice
// (scoring runs on a second thread beside validation; the scores of a dataset
// with errors are thrown away).
#pragma once

#include "engine/result.h"
#include "model/records.h"
#include "model/registry.h"
#include "scheme/scheme.h"

#include <expected>

namespace zwgk {

std::expected<Result, Diagnostics> assess(const Registry& registry, const Scheme& scheme,
                                          const Dataset& data, Period period);

// "{what}的月份 2020-10 不在考核期 2020Q3（2020-07—2020-09）内": the one
// wording for every record outside the period, from importers and validation.
std::string out_of_period_message(std::string_view what, YearMonth month, Period period);

// Why a submission fails the scheme's quality gates ("字数380少于400字；没有图片"),
// empty if it passes: the one rule for the engine's count and for the mail
// review's verdicts.
std::string submission_gate_failure(const SubmissionRule& rule, const SubmissionItem& item);

// The checks assess() runs before scoring, for `zwgk check`.
Diagnostics validate_dataset(const Registry& registry, const Scheme& scheme, const Dataset& data,
                             Period period);

} // namespace zwgk

// A scheme's rules in words, as a 考核办法 states them (`zwgk scheme explain`).
//
// With [[indicators]]: the indicator tree, one line per indicator, indented
// two spaces per level and numbered 一、 （一） 1. (1) ① by level (加分项
// unnumbered), each with its full marks and its rule in words; then the
// ratings, the vetoes and, per deduct indicator, the findings that deduct
// from it. Without: Linzi's fixed form (发布, 投稿, 采用, findings, 合计).
// The words come from the scheme's own data (names, points, reasons): the
// function holds no district's numbers. Lines carry no trailing newline.
#pragma once

#include "scheme/scheme.h"

#include <string>
#include <vector>

namespace zwgk {

std::vector<std::string> describe_scheme(const Scheme& scheme);

// "一", "十", "二十一": a positive number in Chinese numerals (1–999;
// beyond, Arabic digits).
std::string chinese_number(std::size_t n);

} // namespace zwgk

// The per-quarter files of zwgk_gen_province: website items, submissions,
// adoptions and inspection findings, one writer each.
#include "gen_province.h"

#include <unordered_set>

namespace zwgk::gen_province {
namespace {

constexpr std::array k_topics = {
    "政务公开标准化规范化建设", "安全生产专项整治",   "疫情防控常态化",   "优化营商环境",
    "乡村振兴",                 "城乡环境综合整治",   "扫黑除恶专项斗争", "森林防火",
    "防汛抗旱",                 "减税降费",           "稳就业保民生",     "文明城市创建",
    "农村人居环境整治",         "污染防治攻坚战",     "双招双引",         "社会救助",
    "医保基金监管",             "食品安全",           "消防安全",         "义务教育",
    "老旧小区改造",             "冬季清洁取暖",       "重大项目建设",     "政府信息公开",
    "12345政务服务热线",        "行政许可事项",       "社会信用体系建设", "普法宣传",
    "第七次全国人口普查",       "退役军人优抚"};
constexpr std::array k_title_prefixes = {"关于", "关于做好", "关于印发", "关于开展", "关于公布"};
constexpr std::array k_title_suffixes = {"工作的通知", "的实施方案", "情况的公示", "的公告",
                                         "工作动态",   "的通报",     "工作进展",   "的答复"};
constexpr std::array k_actions = {"扎实推进", "全面开展", "持续深化", "召开会议部署",
                                  "积极推进", "创新开展", "认真做好", "高标准推进"};
constexpr std::array k_columns = {"政策文件", "规划信息", "财政资金", "重大建设项目",
                                  "公共资源配置", "社会公益事业", "行政执法", "人事信息"};

struct Day {
  int month, day;
};

std::vector<Day> quarter_days(int quarter) {
  static constexpr int k_days[12] = {31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};  // 2020
  std::vector<Day> out;
  for (int m = quarter * 3 - 2; m <= quarter * 3; ++m)
    for (int d = 1; d <= k_days[m - 1]; ++d) out.push_back({m, d});
  return out;
}

void write_date(Writer& w, Day d) {
  w.put("2020-").num2(d.month).put('-').num2(d.day);
}

struct Submission {
  std::uint32_t unit;
  std::uint16_t action, topic;
  std::uint32_t day;     // index into the quarter's days
  bool valid;
};

std::string submission_title(const UnitInfo& u, const Submission& s) {
  return u.display + "：" + k_actions[s.action] + k_topics[s.topic] + "工作";
}

// What every writer of one quarter uses; the writers run in the order
// write_quarter calls them, all drawing from `rng`.
struct Quarter {
  const std::filesystem::path& dir;
  int quarter;
  std::vector<Day> days;
  const std::vector<UnitInfo>& units;
  double scale;
  Rng& rng;
  NamePicker names;
  Totals& totals;
};

// Website items: the unit's weight varies a little from quarter to quarter.
void write_published(Quarter& q, const std::vector<double>& publish_weight, std::int64_t& url_seq) {
  std::vector<double> w(publish_weight);
  for (auto& x : w) x *= std::exp(0.35 * q.rng.normal());
  WeightedPicker picker(w);
  const std::int64_t full = scaled(12'000'000, q.scale, 400);
  const std::int64_t n = full * q.quarter / 4 - full * (q.quarter - 1) / 4;
  Writer out(q.dir / "网站发布.csv");
  out.put("单位,标题,发布日期,链接\n");
  std::string title;
  for (std::int64_t i = 0; i < n; ++i) {
    std::size_t unit = picker.pick(q.rng);
    Day d = q.days[q.rng.below(q.days.size())];
    title.assign(k_title_prefixes[q.rng.below(k_title_prefixes.size())]);
    if (q.rng.chance(0.01)) title += "深化\"放管服\"改革";  // needs CSV quoting
    title += k_topics[q.rng.below(k_topics.size())];
    title += k_title_suffixes[q.rng.below(k_title_suffixes.size())];
    out.field(q.names.pick(unit, q.rng)).put(',').field(title).put(',');
    write_date(out, d);
    out.put(",http://www.sd").num(static_cast<std::int64_t>(q.units[unit].county + 100));
    out.put(".gov.cn/art/2020/").num(d.month).put('/').num(d.day).put("/art_");
    out.num(static_cast<std::int64_t>(unit + 1000)).put('_').num(url_seq++).put(".html\n");
  }
  q.totals.items += n;
  out.close();
  q.totals.bytes += out.bytes();
}

// Submissions, unique per (unit, title, time received); returns them for
// write_adoptions.
std::vector<Submission> write_submissions(Quarter& q, const std::vector<double>& submit_weight) {
  std::vector<Submission> subs;
  WeightedPicker picker(submit_weight);
  const std::int64_t full = scaled(100'000, q.scale, 40);
  const std::int64_t n = full * q.quarter / 4 - full * (q.quarter - 1) / 4;
  std::unordered_set<std::uint64_t> seen;
  Writer out(q.dir / "投稿.csv");
  out.put("单位,标题,收到时间,字数,图片数,是否切题\n");
  while (static_cast<std::int64_t>(subs.size()) < n) {
    Submission s{};
    s.unit = static_cast<std::uint32_t>(picker.pick(q.rng));
    s.action = static_cast<std::uint16_t>(q.rng.below(k_actions.size()));
    s.topic = static_cast<std::uint16_t>(q.rng.below(k_topics.size()));
    s.day = static_cast<std::uint32_t>(q.rng.below(q.days.size()));
    int minute = static_cast<int>(q.rng.between(8 * 60, 22 * 60 - 1));
    std::uint64_t key = ((((std::uint64_t{s.unit} * 16 + s.action) * 64 + s.topic) * 128 + s.day) << 11) |
                        static_cast<std::uint64_t>(minute);
    if (!seen.insert(key).second) continue;
    std::int64_t chars = q.rng.chance(0.08) ? q.rng.between(60, 399) : q.rng.between(400, 4000);
    std::int64_t pictures = q.rng.chance(0.06) ? 0 : q.rng.between(1, 9);
    auto topic_roll = q.rng.below(100);
    const char* on_topic = topic_roll < 4 ? "否" : (topic_roll < 5 ? "" : "是");
    s.valid = chars >= 400 && pictures >= 1 && topic_roll >= 4;
    out.field(q.names.pick(s.unit, q.rng)).put(',').field(submission_title(q.units[s.unit], s)).put(',');
    write_date(out, q.days[s.day]);
    out.put(' ').num2(minute / 60).put(':').num2(minute % 60).put(',').num(chars).put(',');
    out.num(pictures).put(',').put(on_topic).put('\n');
    subs.push_back(s);
  }
  q.totals.submissions += n;
  out.close();
  q.totals.bytes += out.bytes();
  return subs;
}

// Adoptions: valid submissions taken up by the city or the province.
void write_adoptions(Quarter& q, const std::vector<Submission>& subs) {
  const std::int64_t n = std::min<std::int64_t>(scaled(1'000, q.scale, 8), static_cast<std::int64_t>(subs.size()) / 4);
  std::unordered_set<std::uint64_t> seen;
  Writer out(q.dir / "采用.csv");
  out.put("单位,标题,级别,采用日期\n");
  for (std::int64_t written = 0, tries = 0; written < n && tries < n * 100; ++tries) {
    const Submission& s = subs[q.rng.below(subs.size())];
    if (!s.valid) continue;
    bool province = q.rng.chance(0.2);
    std::uint64_t key = ((((std::uint64_t{s.unit} * 16 + s.action) * 64 + s.topic) << 1) | province);
    if (!seen.insert(key).second) continue;  // same unit, level and title
    std::size_t day = std::min<std::size_t>(s.day + q.rng.below(15), q.days.size() - 1);
    out.field(q.names.pick(s.unit, q.rng)).put(',').field(submission_title(q.units[s.unit], s)).put(',');
    out.put(province ? "省级" : "市级").put(',');
    write_date(out, q.days[day]);
    out.put('\n');
    ++written;
    ++q.totals.adoptions;
  }
  out.close();
  q.totals.bytes += out.bytes();
}

// Inspection findings, unique per (unit, type, note).
void write_findings(Quarter& q) {
  const std::int64_t n = scaled(300, q.scale, 4);
  std::unordered_set<std::uint64_t> seen;
  Writer out(q.dir / "检查.csv");
  out.put("单位,问题类型,说明\n");
  for (std::int64_t written = 0; written < n;) {
    std::size_t unit = q.rng.below(q.units.size());
    auto roll = q.rng.below(100);
    std::size_t type = roll < 40 ? 0 : roll < 65 ? 1 : roll < 85 ? 2 : 3;
    std::size_t column = type == 1 ? q.rng.below(k_columns.size()) + 1 : 0;
    if (!seen.insert((unit * 8 + type) * 16 + column).second) continue;
    static constexpr std::array k_codes = {"目录未上传", "目录位置错误", "表格混乱", "公开主体缺失"};
    out.field(q.names.pick(unit, q.rng)).put(',').put(k_codes[type]).put(',');
    if (column) out.put("应在“").put(k_columns[column - 1]).put("”栏目");
    out.put('\n');
    ++written;
    ++q.totals.findings;
  }
  out.close();
  q.totals.bytes += out.bytes();
}

} // namespace

void write_quarter(const std::filesystem::path& dir, int quarter, const std::vector<UnitInfo>& units,
                   const std::vector<double>& publish_weight, const std::vector<double>& submit_weight,
                   double scale, Rng& rng, std::int64_t& url_seq, Totals& totals) {
  std::filesystem::create_directories(dir);
  Quarter q{dir, quarter, quarter_days(quarter), units, scale, rng, NamePicker(units), totals};
  write_published(q, publish_weight, url_seq);
  const std::vector<Submission> subs = write_submissions(q, submit_weight);
  write_adoptions(q, subs);
  write_findings(q);
}

} // namespace zwgk::gen_province

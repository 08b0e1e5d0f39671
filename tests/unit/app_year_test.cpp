// app::assess_year on memory stores: the year is added up from each
// quarter's result, and a quarter's published items are not kept once it
// is assessed (a province holds three million a quarter).
#include "app_example_fixture.h"
#include "app/pipeline.h"

#include <fstream>

namespace zwgk {
namespace {

constexpr std::int64_t k_now = 1'617'163'200;  // 2021-03-31 12:00 CST

class AppYear : public test::AppExampleTest {
protected:
  AppYear() : AppExampleTest(k_now) {}
};

TEST_F(AppYear, AQuartersPublishedItemsAreCountedThenLetGo) {
  // 网站发布 as one row per item (title, date, link) instead of monthly counts.
  {
    std::ofstream csv(m_dir / "2020Q3" / "网站发布.csv", std::ios::trunc);
    csv << "单位,标题,发布日期,链接\n";
    for (int i = 0; i < 7; ++i)
      csv << "区自然资源局,关于第" << i << "批项目的公示,2020-08-1" << i << ",http://www.linzi.gov.cn/art/" << i << ".html\n";
    csv << "临淄生态环境分局,关于环境质量的通报,2020-09-02,http://www.linzi.gov.cn/art/100.html\n";
  }
  Diagnostics notes;
  const WorkCalendar calendar = app::load_calendar(m_dir, notes);
  auto year = m_ws.assess_year(2020, calendar, m_ws.now(), notes);
  ASSERT_TRUE(year) << (year.error().entries().empty() ? "" : year.error().entries()[0].to_string());
  ASSERT_EQ(year->quarters.size(), 1u);
  const auto& quarter = year->quarters[0];
  EXPECT_TRUE(quarter.workspace.data.published_items.empty());
  EXPECT_EQ(quarter.workspace.data.published_items.capacity(), 0u);
  const auto ziran = quarter.workspace.registry.resolve("区自然资源局");
  const auto huanjing = quarter.workspace.registry.resolve("临淄生态环境分局");
  ASSERT_TRUE(ziran && huanjing);
  EXPECT_EQ(quarter.result.units[*ziran].published_total, 7);
  EXPECT_EQ(quarter.result.units[*huanjing].published_total, 1);
  EXPECT_FALSE(year->year.units.empty());
}

} // namespace
} // namespace zwgk

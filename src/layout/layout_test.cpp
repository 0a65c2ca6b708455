#include "jianfu/layout/layout.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <string>
#include <vector>

#include "jianfu/text/count.h"
#include "layout_test_util.h"

namespace jianfu::layout {
namespace {

using testing_util::CheckInvariants;
using testing_util::Fixture;
using testing_util::Headings;
using testing_util::kIndent;
using testing_util::kNone;
using testing_util::Text;

TEST(ParseLayout, FullRedHeaderNotice) {
  const std::string text = Fixture("notice_full.txt");
  const Layout l = ParseLayout(text);
  CheckInvariants(text, l);
  EXPECT_EQ(Text(text, l.preamble), kNone);
  EXPECT_EQ(Text(text, l.doc_no), "永政发〔2024〕12号");
  EXPECT_EQ(Text(text, l.title), "永安县人民政府关于进一步精简会议文件\n切实减轻基层负担的通知");
  EXPECT_EQ(Text(text, l.addressee), "各乡镇人民政府，县直各单位：");
  EXPECT_EQ(Text(text, l.body),
            "为深入贯彻落实《整治形式主义为基层减负若干规定》，进一步精简会议文件，经县政府同意，"
            "现就有关事项通知如下。\n" +
                kIndent + "一、严格控制发文数量\n" + kIndent +
                "（一）压减发文。各单位要从严控制发文数量，可发可不发的一律不发，能合并的一律合并。\n" +
                kIndent + "（二）控制篇幅。正文一般不超过5000字，部署具体工作的原则上不超过3000字。\n" +
                kIndent + "二、切实改进会风\n" + kIndent +
                "（一）合并会议。能合并召开的会议一律合并召开，2024年全县性会议压减30%以上。\n" + kIndent +
                "（二）提高实效。严格控制会议时长，不搞层层陪会。\n" + kIndent +
                "各单位要于2024年9月30日前将落实情况报送县政府办公室。");
  EXPECT_EQ(Text(text, l.attachments),
            "附件：1．永安县2024年会议计划表\n\u3000\u3000\u3000\u3000\u30002．永安县文件精简工作联系人名单");
  EXPECT_EQ(Text(text, l.signature), "永安县人民政府");
  EXPECT_EQ(Text(text, l.date), "2024年8月6日");
  EXPECT_EQ(Text(text, l.note), "（此件公开发布）");
  EXPECT_EQ(
      Text(text, l.attachment_texts),
      "附件1\n永安县2024年会议计划表\n序号\u3000会议名称\u3000召开时间\u3000参会范围\n"
      "1\u3000全县经济工作会议\u30002024年12月\u3000乡镇、县直单位主要负责人\n附件2\n"
      "永安县文件精简工作联系人名单\n单位\u3000姓名\u3000电话\n县政府办公室\u3000张明\u30000598-3600000");
  EXPECT_EQ(Text(text, l.cc), "抄送：县委办公室，县人大常委会办公室，县政协办公室。");
  EXPECT_EQ(Text(text, l.printed),
            "永安县人民政府办公室\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u3000\u30002024年8月7日印发");
  EXPECT_EQ(Headings(text, l),
            (std::vector<std::string>{"一、严格控制发文数量", "（一）压减发文。", "（二）控制篇幅。",
                                      "二、切实改进会风", "（一）合并会议。", "（二）提高实效。"}));
  EXPECT_EQ(l.heading_kinds,
            (std::vector<HeadingKind>{HeadingKind::kLevel1, HeadingKind::kLevel2, HeadingKind::kLevel2,
                                      HeadingKind::kLevel1, HeadingKind::kLevel2, HeadingKind::kLevel2}));
}

// docs/counting.md quotes these numbers: the 正文 alone is what the length
// rules count.
TEST(ParseLayout, BodyCountOfTheFullNotice) {
  const std::string text = Fixture("notice_full.txt");
  const Layout l = ParseLayout(text);
  const text::CharCount all = text::CountChars(text);
  const text::CharCount body = text::CountChars(std::string_view(text).substr(l.body.begin, l.body.size()));
  EXPECT_EQ(all.words, 480u);
  EXPECT_EQ(body.words, 232u);
  EXPECT_EQ(body.chars_no_spaces, 247u);
  EXPECT_EQ(body.chars_with_spaces, 261u);
}

TEST(ParseLayout, PlanWithoutDocNoOrAddressee) {
  const std::string text = Fixture("plan_no_docno.txt");
  const Layout l = ParseLayout(text);
  CheckInvariants(text, l);
  EXPECT_EQ(Text(text, l.doc_no), kNone);
  EXPECT_EQ(Text(text, l.title), "永安县精简文件会议三年行动方案\n（2024—2026年）");
  EXPECT_EQ(Text(text, l.addressee), kNone);
  EXPECT_EQ(Text(text, l.body),
            "为持续整治形式主义、切实减轻基层负担，结合我县实际，制定本方案。\n" + kIndent +
                "一、总体要求\n" + kIndent + "坚持精简务实、讲求实效，推动文件会议数量逐年下降。\n" +
                kIndent + "二、主要任务\n" + kIndent + "（一）精简文件。\n" + kIndent +
                "1.严控数量。县级文件每年压减10%以上。\n" + kIndent +
                "2.提高质量。坚决防止照抄照搬、上下一般粗。\n" + kIndent +
                "（二）精简会议。能开短会的不开长会，能开小会的不开大会。\n" + kIndent + "三、保障措施\n" +
                kIndent + "各单位要加强组织领导，确保各项任务落到实处。");
  for (const auto* s :
       {&l.attachments, &l.signature, &l.date, &l.note, &l.attachment_texts, &l.cc, &l.printed}) {
    EXPECT_FALSE(s->has_value());
  }
  EXPECT_EQ(Headings(text, l),
            (std::vector<std::string>{"一、总体要求", "二、主要任务", "（一）精简文件。", "1.严控数量。",
                                      "2.提高质量。", "（二）精简会议。", "三、保障措施"}));
  EXPECT_EQ(l.heading_kinds[3], HeadingKind::kLevel3);
}

TEST(ParseLayout, BareParagraphIsAllBody) {
  const std::string text = Fixture("bare_paragraph.txt");
  const Layout l = ParseLayout(text);
  CheckInvariants(text, l);
  EXPECT_EQ(Text(text, l.body),
            "为深入贯彻落实党中央关于整治形式主义为基层减负的决策部署，各地区各部门要持续精简文件和会议，"
            "确保基层干部把更多精力投入到抓落实上。");
  for (const auto* s : {&l.preamble, &l.doc_no, &l.title, &l.addressee, &l.attachments, &l.signature, &l.date,
                        &l.note, &l.attachment_texts, &l.cc, &l.printed}) {
    EXPECT_FALSE(s->has_value());
  }
  EXPECT_TRUE(l.headings.empty());
}

TEST(ParseLayout, WebPageWithMetadataBlock) {
  const std::string text = Fixture("web_metadata.txt");
  const Layout l = ParseLayout(text);
  CheckInvariants(text, l);
  EXPECT_EQ(
      Text(text, l.preamble),
      "索 引 号：11350425/2024-00123\n发布机构：永安县人民政府办公室\n主题分类：综合政务\\其他\n"
      "成文日期：2024-08-06\n发文字号：永政办〔2024〕30号\n"
      "名\u3000\u3000称：永安县人民政府办公室关于开展基层填报系统清理工作的通知\n发布日期：2024-08-08\n\n"
      "永安县人民政府办公室关于开展基层填报系统清理工作的通知\n\n"
      "发布时间：2024-08-08 10:12\u3000来源：县政府办公室\u3000浏览次数：1024\u3000字号：大 中 小");
  // No 发文字号 line in the document itself: taken from the metadata block.
  EXPECT_EQ(Text(text, l.doc_no), "永政办〔2024〕30号");
  EXPECT_EQ(text.substr(l.doc_no->begin - 15, 15), "发文字号：");
  EXPECT_EQ(Text(text, l.title), "永安县人民政府办公室关于开展基层填报系统清理工作的通知");
  EXPECT_EQ(Text(text, l.addressee), "各乡镇人民政府，县直有关单位：");
  EXPECT_EQ(Text(text, l.body),
            "为减轻基层填报负担，经县政府同意，决定开展基层填报系统清理工作。现将有关事项通知如下：\n\n" +
                kIndent + "一、清理范围\n\n" + kIndent +
                "县直各单位自建或使用的面向乡镇、村（社区）的各类填报系统、APP和工作群。\n\n" + kIndent +
                "二、工作要求\n\n" + kIndent +
                "各单位要于2024年9月15日前完成自查，将清理情况报县政府办公室。");
  EXPECT_EQ(Text(text, l.signature), "永安县人民政府办公室");
  EXPECT_EQ(Text(text, l.date), "2024年8月6日");
  // The page's 【打印本页】 line belongs to nothing.
  EXPECT_EQ(Text(text, l.attachment_texts), kNone);
  EXPECT_EQ(Text(text, l.cc), kNone);
  EXPECT_EQ(Headings(text, l), (std::vector<std::string>{"一、清理范围", "二、工作要求"}));
}

TEST(ParseLayout, PkulawExportWithCrLf) {
  const std::string text = Fixture("pkulaw.txt");
  ASSERT_NE(text.find("\r\n"), std::string::npos);
  const Layout l = ParseLayout(text);
  CheckInvariants(text, l);
  EXPECT_EQ(Text(text, l.preamble),
            "【法宝引证码】 CLI.12.9999999\r\n"
            "原文链接：https://www.pkulaw.com/lar/0123456789abcdef0123456789abcdefbdfb.html");
  EXPECT_EQ(Text(text, l.doc_no), "永政办〔2023〕15号");  // without the parentheses
  // The title is given twice; the second copy is the document's.
  EXPECT_EQ(Text(text, l.title), "永安县人民政府办公室关于印发《永安县督查检查考核事项清单管理办法》的通知");
  EXPECT_GT(l.title->begin, text.find("的通知"));
  EXPECT_EQ(Text(text, l.addressee), "各乡镇人民政府，县直各单位：");
  EXPECT_EQ(Text(text, l.body),
            "《永安县督查检查考核事项清单管理办法》已经县政府同意，现印发给你们，请认真贯彻执行。");
  EXPECT_EQ(Text(text, l.signature), "永安县人民政府办公室");
  EXPECT_EQ(Text(text, l.date), "2023年5月10日");
  // The enclosed 办法 follows the date: attachment text, not 正文.
  EXPECT_EQ(Text(text, l.attachment_texts),
            "永安县督查检查考核事项清单管理办法\r\n" + kIndent +
                "第一条\u3000为规范督查检查考核工作，切实减轻基层负担，制定本办法。\r\n" + kIndent +
                "第二条\u3000督查检查考核事项实行清单管理，未列入清单的一律不得开展。\r\n" + kIndent +
                "第三条\u3000本办法自印发之日起施行。");
  EXPECT_TRUE(l.headings.empty());
}

TEST(ParseLayout, PdfTextWithWrappedLines) {
  const std::string text = Fixture("pdf_wrapped.txt");
  const Layout l = ParseLayout(text);
  CheckInvariants(text, l);
  EXPECT_EQ(Text(text, l.title), "永安县人民政府办公室关于进一步规范\n涉企检查事项的通知");
  EXPECT_EQ(Text(text, l.doc_no), "永政办函〔2024〕7号");
  EXPECT_EQ(Text(text, l.addressee),
            "各乡镇人民政府，县直各单位，县属各国有企业，中央、省、市驻永\n各有关单位：");
  EXPECT_EQ(
      Text(text, l.body),
      "为进一步优化营商环境，减少对企业生产经营的干扰，经县政\n府同意，现就规范涉企检查事项通知如下。\n" +
          kIndent + "一、全面推行“综合查一次”\n" + kIndent +
          "同一部门对同一企业的多项检查，原则上一次完成。\n" + kIndent + "二、严格控制检查频次\n" + kIndent +
          "除投诉举报、上级交办外，每年对同一企业的检查不超过2次。");
  EXPECT_EQ(Text(text, l.signature), "永安县人民政府办公室");
  EXPECT_EQ(Text(text, l.date), "二〇二四年三月十五日");
}

TEST(ParseLayout, DocNoVariants) {
  for (const std::string no :
       {"永政发〔2024〕12号", "永办字[2023]5号", "永政发［2024］3号", "永政发【2024】3号",
        "京建发[2017]第112号", "永政发(2024)8号", "永政发〔2024〕１２号", "永安县人民政府令第361号"}) {
    const std::string text = no + "\n各单位：\n" + kIndent + "现将有关事项通知如下。\n";
    const Layout l = ParseLayout(text);
    CheckInvariants(text, l);
    EXPECT_EQ(Text(text, l.doc_no), no);
  }
  // Beside a 签发人 (上行文) or in parentheses.
  std::string text =
      "永政〔2024〕5号\u3000\u3000\u3000\u3000签发人：李华\n市人民政府：\n现将有关情况报告如下。\n";
  EXPECT_EQ(Text(text, ParseLayout(text).doc_no), "永政〔2024〕5号");
  text = "（永政〔2024〕5号）\n正文。\n";
  EXPECT_EQ(Text(text, ParseLayout(text).doc_no), "永政〔2024〕5号");
  // A citation inside a sentence or a title is no 发文字号.
  text = "根据《通知》（国发〔2022〕2号）要求，现将有关事项通知如下。\n";
  EXPECT_FALSE(ParseLayout(text).doc_no.has_value());
  text = "关于转发《关于加强管理的通知》（国发〔2022〕2号）的通知\n各单位：\n正文。\n";
  EXPECT_FALSE(ParseLayout(text).doc_no.has_value());
  EXPECT_EQ(Text(text, ParseLayout(text).title), "关于转发《关于加强管理的通知》（国发〔2022〕2号）的通知");
}

TEST(ParseLayout, DateForms) {
  for (const std::string date :
       {"2024年8月6日", "2024年 8月 6日", "二〇二四年八月六日", "二○二四年十二月三十一日", "2024-08-06",
        "2024.8.6", "2024/8/6", "２０２４年８月６日"}) {
    const std::string text =
        "各单位：\n" + kIndent + "特此通知。\n" + kIndent + "永安县人民政府\n" + kIndent + date + "\n";
    const Layout l = ParseLayout(text);
    CheckInvariants(text, l);
    EXPECT_EQ(Text(text, l.date), date);
    EXPECT_EQ(Text(text, l.signature), "永安县人民政府");
    EXPECT_EQ(Text(text, l.body), "特此通知。");
  }
  // Not dates: a deadline phrase, a month only.
  for (const std::string line : {"2024年8月6日前", "2024年8月", "2024-13-01"}) {
    const std::string text = "正文。\n" + line + "\n";
    EXPECT_FALSE(ParseLayout(text).date.has_value()) << line;
  }
}

TEST(ParseLayout, JointSignatureAndHeaderMarks) {
  const std::string text =
      "000056\n特急\n永 安 县 人 民 政 府 文 件\n永政〔2024〕3号\n关于做好2024年防汛工作的通知\n各乡镇：\n"
      "\u3000\u3000请做好防汛工作。\n永安县人民政府\u3000\u3000\u3000永安县应急管理局\n永安县水利局、永安县气"
      "象局\n"
      "2024年5月6日\n";
  const Layout l = ParseLayout(text);
  CheckInvariants(text, l);
  EXPECT_EQ(Text(text, l.doc_no), "永政〔2024〕3号");
  EXPECT_EQ(Text(text, l.title), "关于做好2024年防汛工作的通知");
  EXPECT_EQ(Text(text, l.addressee), "各乡镇：");
  EXPECT_EQ(Text(text, l.body), "请做好防汛工作。");
  EXPECT_EQ(Text(text, l.signature),
            "永安县人民政府\u3000\u3000\u3000永安县应急管理局\n永安县水利局、永安县气象局");
}

TEST(ParseLayout, HeadingStyles) {
  const std::string text =
      "第一章 总则\n第一条\u3000为了规范管理，制定本办法。\n第一节 "
      "一般规定\n一、总体要求\n（一）基本原则\n(二)工作目标\n"
      "1.压减数量。各地要压减。\n2、提高质量\n（1）明确责任\n3）细化措施\n①建立台账\n第一部分 背景\n"
      "1.5亿元资金已下达。\n2024年起施行。\n";
  const Layout l = ParseLayout(text);
  CheckInvariants(text, l);
  EXPECT_EQ(Headings(text, l),
            (std::vector<std::string>{"第一章 总则", "第一条", "第一节 一般规定", "一、总体要求",
                                      "（一）基本原则", "(二)工作目标", "1.压减数量。", "2、提高质量",
                                      "（1）明确责任", "3）细化措施", "①建立台账", "第一部分 背景"}));
  EXPECT_EQ(l.heading_kinds,
            (std::vector<HeadingKind>{HeadingKind::kChapter, HeadingKind::kArticle, HeadingKind::kSection,
                                      HeadingKind::kLevel1, HeadingKind::kLevel2, HeadingKind::kLevel2,
                                      HeadingKind::kLevel3, HeadingKind::kLevel3, HeadingKind::kLevel4,
                                      HeadingKind::kLevel4, HeadingKind::kLevel5, HeadingKind::kPart}));
}

TEST(ParseLayout, AttachmentTextWithoutDate) {
  const std::string text = "各单位：\n请按附件要求填报。\n附件：填报说明\n附件\n填报说明\n一、填报范围\n";
  const Layout l = ParseLayout(text);
  CheckInvariants(text, l);
  EXPECT_EQ(Text(text, l.body), "请按附件要求填报。");
  EXPECT_EQ(Text(text, l.attachments), "附件：填报说明");
  EXPECT_EQ(Text(text, l.attachment_texts), "附件\n填报说明\n一、填报范围");
}

TEST(ParseLayout, BlankInput) {
  for (const std::string text : {"", "\n\n", " \u3000\t\r\n"}) {
    const Layout l = ParseLayout(text);
    CheckInvariants(text, l);
    EXPECT_TRUE(l.body.empty());
    EXPECT_FALSE(l.title.has_value());
  }
}

// Every prefix of a full document, and random bytes, parse without crashing
// and keep the invariants (the REQUIRES is valid UTF-8, but nothing breaks).
TEST(ParseLayout, ToleratesTruncationAndGarbage) {
  const std::string text = Fixture("notice_full.txt");
  for (size_t n = 0; n <= text.size(); ++n) {
    const std::string_view prefix(text.data(), n);
    CheckInvariants(prefix, ParseLayout(prefix));
  }
  uint32_t seed = 12345;
  auto next = [&] {
    seed = seed * 1664525u + 1013904223u;
    return seed >> 24;
  };
  const std::string pieces[] = {"\n",     "\u3000", "附件：", "2024年8月6日", "各单位：", "一、",
                                "（一）", "〔",     "〕",     "号",           "关于",     "的通知",
                                "抄送：", "印发",   "\xE5",   "\x80",         "。",       "局"};
  for (int round = 0; round < 2000; ++round) {
    std::string s;
    const unsigned len = next() % 40;
    for (unsigned i = 0; i < len; ++i) s += pieces[next() % std::size(pieces)];
    CheckInvariants(s, ParseLayout(s));
  }
}

}  // namespace
}  // namespace jianfu::layout

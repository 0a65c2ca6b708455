// jianfu: the command line. Only the flag definitions and dispatch live
// here; each subcommand is in its own file (commands.h).
#include <CLI/CLI.hpp>
#include <iostream>

#include "commands.h"

int main(int argc, char** argv) {
  using namespace jianfu::cli;
  CLI::App app{"jianfu（减负）：按《整治形式主义为基层减负若干规定》检查公文、登记事项", "jianfu"};
  app.require_subcommand(1);
  app.set_version_flag("--version", JIANFU_VERSION);

  CheckArgs check;
  auto* c = app.add_subcommand("check", "检查公文（.docx .pdf .txt .md，文件夹或标准输入）");
  c->add_option("paths", check.paths, "文件或文件夹；“-”或不给时读标准输入");
  c->add_option("--format,-f", check.format, "输出格式：text、json、sarif")
      ->check(CLI::IsMember({"text", "json", "sarif"}))
      ->capture_default_str();
  c->add_option("--doc-type", check.doc_type, "公文类型：auto、comprehensive、special、general")
      ->check(CLI::IsMember({"auto", "comprehensive", "special", "general"}))
      ->capture_default_str();
  c->add_option("--rules", check.rules, "叠加的本地规则文件（TOML），可多次给出")->allow_extra_args(false);
  c->add_option("--fail-on", check.fail_on, "达到此级别时退出码为 1：block、warn、info、never")
      ->check(CLI::IsMember({"block", "warn", "info", "never"}))
      ->capture_default_str();
  c->add_option("--color", check.color, "颜色：auto、always、never")
      ->check(CLI::IsMember({"auto", "always", "never"}))
      ->capture_default_str();
  c->add_option("--stdin-format", check.stdin_format, "标准输入的格式：txt、md、docx、pdf")
      ->check(CLI::IsMember({"txt", "md", "docx", "pdf"}))
      ->capture_default_str();
  c->add_option("--threads,-j", check.threads, "并行线程数（0 为按核数）");

  RulesArgs rules;
  auto* r = app.add_subcommand("rules", "查看、导出或校验规则");
  r->add_option("action", rules.action, "list、export-patterns 或 validate")
      ->required()
      ->check(CLI::IsMember({"list", "export-patterns", "validate"}));
  r->add_option("--rules", rules.rules, "叠加的本地规则文件（TOML）")->allow_extra_args(false);

  ExplainArgs explain;
  auto* x = app.add_subcommand("explain", "逐句显示检查依据（否定词、触发词、结论），用于调整规则");
  x->add_option("text", explain.sentences, "要分析的句子；不给时读标准输入");
  x->add_option("--rules", explain.rules, "叠加的本地规则文件（TOML）")->allow_extra_args(false);

  EvalArgs eval;
  auto* e = app.add_subcommand("eval", "用标注句子评测负担识别的准确率与召回率");
  e->add_option("gold", eval.gold, "JSON Lines 标注文件")->required();
  e->add_option("--rules", eval.rules, "叠加的本地规则文件（TOML）")->allow_extra_args(false);
  e->add_flag("--misses", eval.show_misses, "列出判错的句子");
  e->add_flag("--json", eval.json, "以 JSON 输出");

  // The registry commands declare themselves (commands.h).
  const Command registry_commands[] = {
      AddInitCommand(app),   AddFileCommand(app),     AddDemandsCommand(app), AddFindingsCommand(app),
      AddLedgerCommand(app), AddEvaluateCommand(app), AddUnitsCommand(app),   AddListsCommand(app),
      AddVerifyCommand(app), AddKeysCommand(app),     AddDemoCommand(app),    AddCompareCommand(app),
      AddIndexCommand(app),  AddDedupCommand(app),    AddPostsCommand(app),   AddServeCommand(app),
      AddUsersCommand(app)};

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& err) {
    if (err.get_exit_code() == 0) return app.exit(err);  // --help, --version
    // CLI11's own text names the option and the value; frame it for users.
    std::cerr << "jianfu: 用法错误：" << err.what() << "（运行 jianfu --help 查看用法）\n";
    return kExitError;
  }
  if (c->parsed()) return RunCheck(check);
  if (r->parsed()) return RunRules(rules);
  if (e->parsed()) return RunEval(eval);
  if (x->parsed()) return RunExplain(explain);
  for (const auto& command : registry_commands)
    if (command.sub->parsed()) return command.run();
  return kExitError;
}

// jianfu verify CODE and jianfu keys generate: verification codes (一事一码)
// checked offline with the office's public key (docs/codes.md).

#include <cctype>
#include <filesystem>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.h"
#include "jianfu/codes/codes.h"
#include "jianfu/codes/json.h"

namespace jianfu::cli {

namespace {

struct VerifyArgs {
  std::string code;                // the token, surrounding spaces ignored
  std::string unit;                // when given, also check the code covers it
  std::string key = "jianfu.pub";  // the office's public key file
  std::string today;               // YYYY-MM-DD; empty: Date::Today() (UTC+8)
  std::string format = "text";     // text | json
};

struct KeysArgs {
  std::string action;     // generate
  std::string dir = ".";  // where jianfu.key and jianfu.pub are written
};


std::string_view Trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

// "433127（乡级、村级）", "433127（仅本单位）".
std::string DescribeScope(const codes::CodeScope& s) {
  if (s.levels == 0) return s.unit + "（仅本单位）";
  std::string labels;
  for (units::Level level : codes::LevelsOf(s.levels))
    labels += (labels.empty() ? "" : "、") + std::string(units::LevelLabel(level));
  return s.unit + "（" + (labels.empty() ? "层级未知" : labels) + "）";
}

// The verdict line: 真码 or 无效码, the validity and the coverage.
std::string Verdict(const codes::Claims& c, codes::Validity v, const VerifyArgs& args, bool covered) {
  std::string out = "真码";
  switch (v) {
    case codes::Validity::kValid:
      out += "，在有效期内";
      break;
    case codes::Validity::kNotYetValid:
      out += "，但尚未生效（" + c.valid_from.ToString() + " 起有效）";
      break;
    case codes::Validity::kExpired:
      out += "，但已过期（有效期至 " + c.valid_until.ToString() + "）";
      break;
  }
  if (!args.unit.empty()) out += (covered ? "，适用于 " : "，但不适用于 ") + args.unit;
  return out;
}

void Print(const nlohmann::json& j) {
  std::cout << j.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) << '\n';
}

// Exit 0 genuine, valid and (with --unit) covering; 1 genuine but expired,
// not yet valid or not covering; 2 malformed or forged code, or usage error.
int RunVerify(const VerifyArgs& args) {
  Date today = Date::Today();
  if (!args.today.empty()) {
    auto parsed = Date::Parse(args.today, "--today");
    if (!parsed.ok()) {
      PrintError(parsed.error());
      return kExitError;
    }
    today = *parsed;
  }
  auto key = codes::LoadPublicKey(args.key);
  if (!key.ok()) {
    Error e = key.error();
    if (e.code == ErrorCode::kNotFound) e.message += "（用 --key 指定本单位的公钥文件）";
    PrintError(e);
    return kExitError;
  }
  const bool json = args.format == "json";
  auto claims = codes::Verify(Trim(args.code), *key);
  if (!claims.ok()) {
    if (json) {
      Print({{"genuine", false}, {"reason", claims.error().message}, {"reason_field", claims.error().field}});
    } else {
      std::cout << "结论：无效码——" << claims.error().message << '\n';
    }
    return kExitError;
  }
  const codes::Claims& c = *claims;
  const codes::Validity validity = codes::CheckValidity(c, today);
  const bool covered = args.unit.empty() || codes::Covers(c, args.unit);
  const int status = validity == codes::Validity::kValid && covered ? kExitClean : kExitFindings;

  if (json) {
    nlohmann::json j{{"genuine", true},
                     {"validity", codes::ValidityName(validity)},
                     {"today", today.ToString()},
                     {"claims", codes::ClaimsToJson(c)},
                     {"key_fingerprint", codes::Fingerprint(*key)}};
    if (!args.unit.empty()) {
      j["unit"] = args.unit;
      j["covered"] = covered;
    }
    Print(j);
    return status;
  }
  std::string scopes;
  for (const auto& s : c.scopes) scopes += (scopes.empty() ? "" : "；") + DescribeScope(s);
  std::cout << "结论：" << Verdict(c, validity, args, covered) << '\n'
            << "事项编号：" << c.demand_id << '\n'
            << "发布单位：" << c.issuer << '\n'
            << "事项类型：" << demand::KindLabel(c.kind) << "（" << demand::KindName(c.kind) << "）\n"
            << "有效期：" << c.valid_from.ToString() << " 至 " << c.valid_until.ToString() << "（今天 "
            << today.ToString() << "）\n"
            << "适用范围：" << (scopes.empty() ? "（无）" : scopes) << '\n'
            << "目标摘要：" << codes::DigestHex(c.targets_digest) << '\n'
            << "公钥指纹：" << codes::Fingerprint(*key) << '\n';
  return status;
}

int RunKeys(const KeysArgs& args) {
  namespace fs = std::filesystem;
  const fs::path dir = args.dir.empty() ? fs::path(".") : fs::path(args.dir);
  std::error_code ec;
  fs::create_directories(dir, ec);
  if (ec) {
    PrintError(MakeError(ErrorCode::kIo, "无法创建文件夹（" + ec.message() + "）", dir.string()));
    return kExitError;
  }
  const fs::path secret = dir / codes::kDefaultSecretKeyFile, pub = dir / codes::kDefaultPublicKeyFile;
  if (auto s = codes::GenerateKeys(secret, pub); !s.ok()) {
    PrintError(s.error());
    return kExitError;
  }
  auto key = codes::LoadPublicKey(pub);
  if (!key.ok()) {
    PrintError(key.error());
    return kExitError;
  }
  std::cout << "已生成签发验证码的密钥：\n"
            << "  私钥 " << secret.string() << "（权限 0600，只留在本机，切勿外传）\n"
            << "  公钥 " << pub.string() << "（可分发给基层，用于 jianfu verify）\n"
            << "  公钥指纹 " << codes::Fingerprint(*key) << '\n';
  return kExitClean;
}

}  // namespace

Command AddVerifyCommand(CLI::App& app) {
  auto args = std::make_shared<VerifyArgs>();
  auto* v = app.add_subcommand("verify", "离线核验验证码（一事一码）：真伪、有效期、是否适用于某单位");
  v->add_option("code", args->code, "验证码（JF 开头）")->required();
  v->add_option("--unit", args->unit, "核验此单位（区划代码或机关编号）是否在适用范围内");
  v->add_option("--key", args->key, "本单位公钥文件")->capture_default_str();
  v->add_option("--today", args->today, "按此日期判断有效期（YYYY-MM-DD，默认今天）");
  v->add_option("--format,-f", args->format, "输出格式：text、json")
      ->check(CLI::IsMember({"text", "json"}))
      ->capture_default_str();
  return {v, [args] { return RunVerify(*args); }};
}

Command AddKeysCommand(CLI::App& app) {
  auto args = std::make_shared<KeysArgs>();
  auto* k = app.add_subcommand("keys", "管理签发验证码的密钥");
  k->add_option("action", args->action, "generate：生成密钥对（不覆盖已有密钥）")
      ->required()
      ->check(CLI::IsMember({"generate"}));
  k->add_option("--dir", args->dir, "密钥文件所在文件夹")->capture_default_str();
  return {k, [args] { return RunKeys(*args); }};
}

}  // namespace jianfu::cli

// CollectInputs on a temporary folder tree.
#include <gtest/gtest.h>

#include "jianfu/extract/extract.h"
#include "test_util.h"

namespace jianfu::extract::testing {
namespace {

TEST(CollectInputs, WalksSortsAndSkips) {
  TempDir dir;
  const fs::path& root = dir.path();
  for (const char* rel :
       {"b.txt", "a.md", "sub/z.PDF", "sub/y.docx", "sub/deeper/x.txt", "A.txt", "notes.doc", "image.png",
        "README", ".hidden.txt", "~$a.docx", ".git/config.txt", "sub/.cache/c.md"}) {
    WriteFile(root / rel, "正文");
  }
  fs::create_directories(root / "empty");
  WriteFile(root / "single" / "one.txt", "正文");

  const fs::path explicit_file = root / "README";  // explicit: kept whatever its extension
  Inputs in = CollectInputs({root, explicit_file, root / "missing", root / "single" / "one.txt"});

  std::vector<std::string> rel;
  for (const auto& f : in.files) rel.push_back(f.lexically_relative(root).generic_string());
  EXPECT_EQ(rel, (std::vector<std::string>{"A.txt", "a.md", "b.txt", "single/one.txt", "sub/deeper/x.txt",
                                           "sub/y.docx", "sub/z.PDF", "README", "single/one.txt"}));
  ASSERT_EQ(in.errors.size(), 1u);
  EXPECT_EQ(in.errors[0].code, ErrorCode::kNotFound);
  EXPECT_EQ(in.errors[0].message, "文件不存在");
  EXPECT_EQ(in.errors[0].path, (root / "missing").string());
}

TEST(CollectInputs, EmptyListAndEmptyFolder) {
  TempDir dir;
  EXPECT_TRUE(CollectInputs({}).files.empty());
  Inputs in = CollectInputs({dir.path()});
  EXPECT_TRUE(in.files.empty());
  EXPECT_TRUE(in.errors.empty());
}

TEST(CollectInputs, SymlinkedFolderIsNotFollowed) {
  TempDir dir;
  WriteFile(dir / "real/a.txt", "正文");
  std::error_code ec;
  fs::create_directory_symlink(dir / "real", dir / "link", ec);
  if (ec) GTEST_SKIP() << "cannot create symlinks here";
  fs::create_directory_symlink(dir.path(), dir / "real" / "loop", ec);  // a cycle
  Inputs in = CollectInputs({dir.path()});
  ASSERT_EQ(in.files.size(), 1u);
  EXPECT_EQ(in.files[0], dir / "real" / "a.txt");
}

}  // namespace
}  // namespace jianfu::extract::testing

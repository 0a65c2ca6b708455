#include "zip_reader.h"

#include <algorithm>
#include <array>

namespace jianfu::extract::internal {

namespace {

std::string Mib(size_t bytes) {
  const size_t tenths = (bytes * 10 + (1u << 19)) >> 20;
  return std::to_string(tenths / 10) + "." + std::to_string(tenths % 10) + " MB";
}

struct ZipFileCloser {
  void operator()(zip_file_t* f) const { zip_fclose(f); }
};

}  // namespace

Result<std::unique_ptr<ZipReader>> ZipReader::Open(std::string_view bytes, const std::string& path,
                                                   const Limits& limits) {
  zip_error_t err;
  zip_error_init(&err);
  zip_source_t* src = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &err);
  if (src == nullptr) {
    zip_error_fini(&err);
    return MakeError(ErrorCode::kIo, "无法读取 .docx 文件（内存不足？）", path);
  }
  zip_t* za = zip_open_from_source(src, ZIP_RDONLY, &err);
  if (za == nullptr) {
    const std::string why = zip_error_strerror(&err);
    zip_error_fini(&err);
    zip_source_free(src);
    return MakeError(ErrorCode::kCorrupt, "不是有效的 .docx 文件（无法作为 ZIP 打开：" + why + "）", path);
  }
  zip_error_fini(&err);
  return std::unique_ptr<ZipReader>(new ZipReader(za, path, limits));
}

ZipReader::~ZipReader() {
  zip_discard(archive_);
}

bool ZipReader::Has(const std::string& name) const {
  return zip_name_locate(archive_, name.c_str(), 0) >= 0 ||
         zip_name_locate(archive_, name.c_str(), ZIP_FL_NOCASE) >= 0;
}

Result<std::string> ZipReader::Read(const std::string& name) {
  zip_int64_t index = zip_name_locate(archive_, name.c_str(), 0);
  if (index < 0) index = zip_name_locate(archive_, name.c_str(), ZIP_FL_NOCASE);
  if (index < 0) return MakeError(ErrorCode::kNotFound, "压缩包中没有 " + name, path_);
  const auto idx = static_cast<zip_uint64_t>(index);

  zip_stat_t st;
  zip_stat_init(&st);
  if (zip_stat_index(archive_, idx, 0, &st) != 0) {
    return MakeError(ErrorCode::kCorrupt, "无法读取压缩包中的 " + name + "（目录项损坏）", path_);
  }
  if ((st.valid & ZIP_STAT_ENCRYPTION_METHOD) && st.encryption_method != ZIP_EM_NONE) {
    return MakeError(ErrorCode::kEncrypted, "文件已加密，无法读取（" + name + " 受密码保护）", path_);
  }
  const size_t budget =
      limits_.max_uncompressed_bytes > total_read_ ? limits_.max_uncompressed_bytes - total_read_ : 0;
  const std::string limit_text = "上限 " + Mib(limits_.max_uncompressed_bytes) + "，max_uncompressed_bytes";
  if ((st.valid & ZIP_STAT_SIZE) && st.size > budget) {
    return MakeError(ErrorCode::kTooLarge,
                     "压缩包中的 " + name + " 解压后有 " +
                         Mib(static_cast<size_t>(std::min<zip_uint64_t>(st.size, SIZE_MAX))) +
                         "，超过解压大小上限（" + limit_text + "），疑似压缩炸弹",
                     path_);
  }
  const bool have_comp = (st.valid & ZIP_STAT_COMP_SIZE) != 0;
  const zip_uint64_t comp = have_comp ? st.comp_size : 0;
  const std::string ratio_text = "压缩包中的 " + name + " 压缩比超过上限（" +
                                 std::to_string(limits_.max_compression_ratio) +
                                 " 倍，max_compression_ratio），疑似压缩炸弹";
  auto over_ratio = [&](zip_uint64_t size) {
    if (size <= kRatioCheckFloor || !have_comp) return false;
    return comp == 0 || size / comp > limits_.max_compression_ratio;
  };
  if ((st.valid & ZIP_STAT_SIZE) && over_ratio(st.size)) {
    return MakeError(ErrorCode::kTooLarge, ratio_text, path_);
  }

  std::unique_ptr<zip_file_t, ZipFileCloser> file(zip_fopen_index(archive_, idx, 0));
  if (!file) {
    zip_error_t* e = zip_get_error(archive_);
    const int code = zip_error_code_zip(e);
    if (code == ZIP_ER_NOPASSWD || code == ZIP_ER_ENCRNOTSUPP || code == ZIP_ER_WRONGPASSWD) {
      return MakeError(ErrorCode::kEncrypted, "文件已加密，无法读取（" + name + " 受密码保护）", path_);
    }
    return MakeError(ErrorCode::kCorrupt, "无法解压压缩包中的 " + name + "（" + zip_error_strerror(e) + "）",
                     path_);
  }

  std::string out;
  if (st.valid & ZIP_STAT_SIZE) out.reserve(static_cast<size_t>(st.size));
  std::array<char, size_t{64} << 10> chunk{};
  for (;;) {
    const zip_int64_t n = zip_fread(file.get(), chunk.data(), chunk.size());
    if (n < 0) {
      return MakeError(
          ErrorCode::kCorrupt,
          "解压压缩包中的 " + name + " 失败（" + zip_error_strerror(zip_file_get_error(file.get())) + "）",
          path_);
    }
    if (n == 0) break;
    // Do not trust the header: stop as soon as the real output passes a cap.
    if (static_cast<size_t>(n) > budget - out.size()) {
      return MakeError(ErrorCode::kTooLarge,
                       "压缩包中的 " + name + " 解压后超过解压大小上限（" + limit_text + "），疑似压缩炸弹",
                       path_);
    }
    out.append(chunk.data(), static_cast<size_t>(n));
    if (over_ratio(out.size())) return MakeError(ErrorCode::kTooLarge, ratio_text, path_);
  }
  total_read_ += out.size();
  return out;
}

}  // namespace jianfu::extract::internal

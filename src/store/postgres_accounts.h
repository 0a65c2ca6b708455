// The PostgreSQL store's accounts and sessions (schema version 2), kept
// apart from postgres_store.cpp, which calls these once its connection is
// ready. Private to the store module.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "jianfu/store/store.h"
#include "pg.h"

namespace jianfu::store::pgaccounts {

Status AddAccount(pg::Conn& conn, const Account& account);
Result<std::optional<Account>> GetAccount(pg::Conn& conn, const std::string& name);
Result<std::vector<Account>> ListAccounts(pg::Conn& conn);
Status AddSession(pg::Conn& conn, const SessionRecord& session, int64_t now);
Result<std::optional<SessionRecord>> GetSession(pg::Conn& conn, const std::string& token_hash);
Status DeleteSession(pg::Conn& conn, const std::string& token_hash);
Status SetPassword(pg::Conn& conn, const std::string& name, const std::string& password_hash,
                   const std::string& keep);
Status RemoveAccount(pg::Conn& conn, const std::string& name);
Result<std::vector<SessionRecord>> ListSessions(pg::Conn& conn, const std::string& account);

}  // namespace jianfu::store::pgaccounts

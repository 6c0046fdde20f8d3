// The computer fleet (parque informático): asset types with custom fields, the asset register
// with its timeline, custody of assets by public servants with their stored documents
// (resguardos, transfers, returns, carta de no adeudo), loans with reminders, labels, physical
// inventory campaigns, disposals and imports. API contract: docs/api-assets.md.
//
// Permissions (auth/model.h): assets.read_own (one's own custody and loans only; other assets
// are "not found"), assets.read_all, assets.write, assets.manage. Every change is one
// transaction: the rows, the asset's timeline events and the audit entries commit together.
// Generated PDFs are written to disk (content-addressed) before the transaction that records
// them commits, so a crash leaves at most an orphan file, never a document row without its PDF.
#pragma once
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "audit/service.h"
#include "auth/model.h"
#include "core/json_input.h"
#include "core/paging.h"
#include "core/result.h"
#include "core/time.h"
#include "storage/db.h"

namespace tequio::assets {

struct AssetsConfig {
  std::string data_dir;                     // documents/ and attachments/ live here
  int64_t max_attachment_bytes = 10 << 20;  // 10 MiB
  std::string attachment_scan_command;      // see files::UploadRules
  std::string public_url = "http://localhost:8080";  // default label base URL until settings say otherwise
  std::string mail_from_name = "Dirección de Sistemas de Información";
  std::function<Timestamp()> clock = [] { return Clock::now(); };
};

struct TypeInput {
  std::optional<std::string> code, name;
  std::optional<nlohmann::json> fields;
  std::optional<bool> active;
};

struct AssetInput {
  std::optional<std::string> inventory_number, serial, brand, model, specs, invoice_number, supplier, budget_line,
      funding_source, building, floor, office, condition, notes;
  Nullable<std::string> acquired_on, warranty_end;
  std::optional<int64_t> type_id;
  Nullable<int64_t> area_id, parent_id;
  std::optional<nlohmann::json> cost;  // number, text or null
  std::optional<nlohmann::json> fields;
};

struct AssetFilter {
  std::optional<std::string> q, status, building, warranty, sort;
  std::optional<int64_t> type_id, area_id, custodian_id;
  bool include_disposed = false;
};

struct File {
  std::string filename, media_type, content;
};

struct ImportRequest {
  std::string format;  // csv, xlsx
  bool dry_run = true;
  std::optional<nlohmann::json> mapping;  // {"header in file": "asset field"}
  std::string content;
};

struct JobReport {
  int64_t loan_reminders = 0, overdue_notices = 0;
};

class AssetsService {
 public:
  AssetsService(storage::Pool& pool, audit::AuditService& audit, AssetsConfig config);

  // Types and settings
  Result<nlohmann::json> list_types(const auth::Actor& actor);
  Result<nlohmann::json> create_type(const auth::Actor& actor, const TypeInput& in);
  Result<nlohmann::json> update_type(const auth::Actor& actor, int64_t id, const TypeInput& in);
  Result<nlohmann::json> get_settings(const auth::Actor& actor);
  Result<nlohmann::json> update_settings(const auth::Actor& actor, const nlohmann::json& patch);

  // Assets
  Result<Page> list_assets(const auth::Actor& actor, const AssetFilter& f, const PageRequest& page);
  Result<File> export_assets(const auth::Actor& actor, const AssetFilter& f, const std::string& format);
  Result<nlohmann::json> get_asset(const auth::Actor& actor, int64_t id);
  Result<nlohmann::json> lookup(const auth::Actor& actor, const std::string& inventory_number);
  Result<nlohmann::json> create_asset(const auth::Actor& actor, const AssetInput& in);
  Result<nlohmann::json> update_asset(const auth::Actor& actor, int64_t id, const AssetInput& in);
  Result<Page> list_events(const auth::Actor& actor, int64_t id, const PageRequest& page);
  Result<nlohmann::json> change_status(const auth::Actor& actor, int64_t id, const std::string& status,
                                       const std::string& reason);
  Result<nlohmann::json> add_attachment(const auth::Actor& actor, int64_t id, const std::string& filename,
                                        std::string_view content);
  Result<File> get_attachment(const auth::Actor& actor, int64_t id);

  // Custody
  Result<nlohmann::json> assign_custody(const auth::Actor& actor, int64_t person_id, const std::vector<int64_t>& asset_ids,
                                        const std::string& notes, const std::optional<std::string>& condition);
  Result<nlohmann::json> transfer_custody(const auth::Actor& actor, const std::vector<int64_t>& asset_ids,
                                          int64_t to_person_id, const std::string& notes);
  Result<nlohmann::json> return_custody(const auth::Actor& actor, const std::vector<int64_t>& asset_ids,
                                        const std::string& notes);
  Result<Page> list_documents(const auth::Actor& actor, std::optional<int64_t> person_id,
                              const std::optional<std::string>& kind, const PageRequest& page);
  Result<nlohmann::json> get_document(const auth::Actor& actor, int64_t id);
  Result<File> document_pdf(const auth::Actor& actor, int64_t id);
  Result<nlohmann::json> person_custody(const auth::Actor& actor, int64_t person_id);
  Result<nlohmann::json> no_adeudo(const auth::Actor& actor, int64_t person_id, const std::string& notes);

  // Loans
  Result<Page> list_loans(const auth::Actor& actor, const std::optional<std::string>& state,
                          std::optional<int64_t> person_id, const PageRequest& page);
  Result<nlohmann::json> create_loan(const auth::Actor& actor, int64_t asset_id, int64_t person_id,
                                     const std::string& due_on, const std::string& notes);
  Result<nlohmann::json> return_loan(const auth::Actor& actor, int64_t id, const std::optional<std::string>& condition,
                                     const std::string& notes);

  // Labels
  Result<nlohmann::json> label_formats(const auth::Actor& actor);
  Result<File> labels(const auth::Actor& actor, const std::string& format, int skip,
                      const std::optional<std::vector<int64_t>>& asset_ids, const std::optional<AssetFilter>& filter);

  // Physical inventory campaigns
  Result<Page> list_campaigns(const auth::Actor& actor, const std::optional<std::string>& status, const PageRequest& page);
  Result<nlohmann::json> create_campaign(const auth::Actor& actor, const std::string& name,
                                         const std::vector<int64_t>& area_ids, const std::string& notes);
  Result<nlohmann::json> get_campaign(const auth::Actor& actor, int64_t id);
  Result<nlohmann::json> scan(const auth::Actor& actor, int64_t campaign_id, const std::string& inventory_number,
                              const std::string& building, const std::string& floor, const std::string& office,
                              const std::string& note);
  Result<Page> list_scans(const auth::Actor& actor, int64_t campaign_id, const PageRequest& page);
  Result<nlohmann::json> campaign_report(const auth::Actor& actor, int64_t id);
  Result<File> campaign_report_file(const auth::Actor& actor, int64_t id, const std::string& format);
  Result<nlohmann::json> close_campaign(const auth::Actor& actor, int64_t id);

  // Disposals
  Result<Page> list_disposals(const auth::Actor& actor, const std::optional<std::string>& status, const PageRequest& page);
  Result<nlohmann::json> request_disposal(const auth::Actor& actor, const std::vector<int64_t>& asset_ids,
                                          const std::string& reason, const std::optional<std::string>& opinion_ref);
  Result<nlohmann::json> get_disposal(const auth::Actor& actor, int64_t id);
  Result<nlohmann::json> decide_disposal(const auth::Actor& actor, int64_t id, bool approve, const std::string& notes,
                                         const std::optional<std::string>& opinion_ref);

  // Import
  Result<nlohmann::json> import_assets(const auth::Actor& actor, const ImportRequest& in);

  // Background work: loan reminders (the day before the due date) and overdue notices, once each.
  JobReport run_jobs();

  const AssetsConfig& config() const { return config_; }

 private:
  struct Ctx;
  Timestamp now() const { return config_.clock(); }
  std::string label_base_url(storage::Tx& tx);

  storage::Pool& pool_;
  audit::AuditService& audit_;
  AssetsConfig config_;
};

}  // namespace tequio::assets

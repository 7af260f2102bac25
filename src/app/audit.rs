//! Accountability: every HR report view or export is written to the audit log.

use jiff::Timestamp;

use super::{Principal, Reports, ServiceError};
use crate::store::AuditRecord;

/// Which report was viewed or exported, as the web layer saw the request.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReportAccess {
    /// The route template, e.g. `/hr/tema/{topic}`.
    pub route: String,
    pub cycle_id: Option<u64>,
    pub level: Option<usize>,
    pub topic: Option<String>,
    pub department: Option<String>,
    /// `html`, `csv` or `json`.
    pub format: String,
}

impl Reports {
    /// Record that `principal` viewed or exported a report. Durable before it returns, so a
    /// report is never shown without its audit entry.
    pub fn record_report_access(
        &self,
        principal: &Principal,
        access: ReportAccess,
        now: Timestamp,
    ) -> Result<(), ServiceError> {
        let user = &principal.user;
        self.store.append_audit(&AuditRecord {
            id: 0,
            at: now,
            user_id: user.id,
            employee_id: user.employee_id.clone(),
            role: user.role,
            route: access.route,
            cycle_id: access.cycle_id,
            level: access.level,
            topic: access.topic,
            department: access.department,
            format: access.format,
        })?;
        Ok(())
    }
}

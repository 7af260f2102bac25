//! Accountability and data minimisation: the audit log of HR report views and the retention
//! entry point.

use jiff::Timestamp;

use super::{Principal, Service, ServiceError};
use crate::store::{AuditRecord, RetentionSummary, Role};

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

impl Service {
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

    /// The newest `limit` audit entries, newest first. Administrators only.
    pub fn audit_log(
        &self,
        principal: &Principal,
        limit: usize,
    ) -> Result<Vec<AuditRecord>, ServiceError> {
        if principal.user.role != Role::Admin {
            return Err(ServiceError::Forbidden);
        }
        Ok(self.store.audit_log(limit)?)
    }

    /// Apply the configured retention (`Config::retention_keep_cycles`), if any.
    pub fn apply_retention(
        &self,
        now: Timestamp,
    ) -> Result<Option<RetentionSummary>, ServiceError> {
        match self.config.retention_keep_cycles {
            Some(keep) => Ok(Some(self.store.apply_retention(keep, now, false)?)),
            None => Ok(None),
        }
    }
}

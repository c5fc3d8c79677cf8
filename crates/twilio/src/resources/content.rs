//! Typed calls on Content templates and their approvals.

use crate::wire::{ContentAndApprovals, ContentAndApprovalsList};
use crate::{Client, Error};

impl Client {
    /// Every template of the account with its WhatsApp approval status.
    pub async fn templates(&self) -> Result<Vec<ContentAndApprovals>, Error> {
        let url = format!("{}/v1/ContentAndApprovals?PageSize=500", self.bases.content);
        self.collect::<ContentAndApprovalsList>(url, 10_000).await
    }
}

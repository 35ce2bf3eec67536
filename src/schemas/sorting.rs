//! Sort orders for request bodies (`prefect.client.schemas.sorting`).

use crate::open_enum;

open_enum! {
    /// `FlowRunSort`
    pub enum FlowRunSort {
        IdDesc = "ID_DESC",
        StartTimeAsc = "START_TIME_ASC",
        StartTimeDesc = "START_TIME_DESC",
        ExpectedStartTimeAsc = "EXPECTED_START_TIME_ASC",
        ExpectedStartTimeDesc = "EXPECTED_START_TIME_DESC",
        NameAsc = "NAME_ASC",
        NameDesc = "NAME_DESC",
        NextScheduledStartTimeAsc = "NEXT_SCHEDULED_START_TIME_ASC",
        EndTimeDesc = "END_TIME_DESC",
    }
}

open_enum! {
    /// `TaskRunSort`
    pub enum TaskRunSort {
        IdDesc = "ID_DESC",
        ExpectedStartTimeAsc = "EXPECTED_START_TIME_ASC",
        ExpectedStartTimeDesc = "EXPECTED_START_TIME_DESC",
        NameAsc = "NAME_ASC",
        NameDesc = "NAME_DESC",
        NextScheduledStartTimeAsc = "NEXT_SCHEDULED_START_TIME_ASC",
        EndTimeDesc = "END_TIME_DESC",
    }
}

open_enum! {
    /// `FlowSort`
    pub enum FlowSort {
        CreatedDesc = "CREATED_DESC",
        UpdatedDesc = "UPDATED_DESC",
        NameAsc = "NAME_ASC",
        NameDesc = "NAME_DESC",
    }
}

open_enum! {
    /// `DeploymentSort`
    pub enum DeploymentSort {
        CreatedDesc = "CREATED_DESC",
        UpdatedDesc = "UPDATED_DESC",
        NameAsc = "NAME_ASC",
        NameDesc = "NAME_DESC",
    }
}

open_enum! {
    /// `LogSort`
    pub enum LogSort {
        TimestampAsc = "TIMESTAMP_ASC",
        TimestampDesc = "TIMESTAMP_DESC",
    }
}

open_enum! {
    /// `WorkPoolSort`
    pub enum WorkPoolSort {
        CreatedDesc = "CREATED_DESC",
        NameAsc = "NAME_ASC",
        NameDesc = "NAME_DESC",
    }
}

open_enum! {
    /// `VariableSort`
    pub enum VariableSort {
        CreatedDesc = "CREATED_DESC",
        UpdatedDesc = "UPDATED_DESC",
        NameDesc = "NAME_DESC",
        NameAsc = "NAME_ASC",
    }
}

open_enum! {
    /// `ArtifactSort`
    pub enum ArtifactSort {
        CreatedDesc = "CREATED_DESC",
        UpdatedDesc = "UPDATED_DESC",
        IdDesc = "ID_DESC",
        KeyDesc = "KEY_DESC",
        KeyAsc = "KEY_ASC",
    }
}

open_enum! {
    /// `BlockDocumentSort`
    pub enum BlockDocumentSort {
        NameDesc = "NAME_DESC",
        NameAsc = "NAME_ASC",
        BlockTypeAndNameAsc = "BLOCK_TYPE_AND_NAME_ASC",
    }
}

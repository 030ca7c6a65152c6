from enum import StrEnum


class OcrListJobsStatusType0(StrEnum):
    CANCELLED = "cancelled"
    FAILED = "failed"
    PROCESSING = "processing"
    QUEUED = "queued"
    SUCCEEDED = "succeeded"

    def __str__(self) -> str:
        return str(self.value)

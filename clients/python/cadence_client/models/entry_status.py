from enum import StrEnum


class EntryStatus(StrEnum):
    CONFIRMED = "confirmed"
    DRAFT = "draft"

    def __str__(self) -> str:
        return str(self.value)

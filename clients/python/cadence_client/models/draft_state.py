from enum import StrEnum


class DraftState(StrEnum):
    CONFIRMED = "confirmed"
    DISCARDED = "discarded"
    PENDING = "pending"

    def __str__(self) -> str:
        return str(self.value)

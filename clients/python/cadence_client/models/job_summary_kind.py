from enum import StrEnum


class JobSummaryKind(StrEnum):
    MENU = "menu"
    WORKOUT_SHEET = "workout_sheet"

    def __str__(self) -> str:
        return str(self.value)

from enum import StrEnum


class OcrListJobsKindType0(StrEnum):
    MENU = "menu"
    WORKOUT_SHEET = "workout_sheet"

    def __str__(self) -> str:
        return str(self.value)

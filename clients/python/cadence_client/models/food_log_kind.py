from enum import StrEnum


class FoodLogKind(StrEnum):
    AD_HOC = "ad_hoc"
    PLANNED = "planned"

    def __str__(self) -> str:
        return str(self.value)

from enum import StrEnum


class VictimGroup(StrEnum):
    CHILDREN = "children"
    ETHNIC_RELIGIOUS_MINORITY = "ethnic_religious_minority"
    HUMAN_RIGHTS_DEFENDERS = "human_rights_defenders"
    INDIGENOUS = "indigenous"
    JOURNALISTS = "journalists"
    LGBTQI = "lgbtqi"
    OTHER = "other"
    PERSONS_WITH_DISABILITIES = "persons_with_disabilities"
    WOMEN = "women"

    def __str__(self) -> str:
        return str(self.value)

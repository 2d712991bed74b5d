"""Who is using the kiosk right now: the station, the logged-in counsellor, the open case."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.app import Station
    from kiosk.auth import Counsellor


@dataclass
class Session:
    station: Station
    counsellor: Counsellor | None = None
    case_id: str | None = None

    @property
    def logged_in(self) -> bool:
        return self.counsellor is not None

    @property
    def actor(self) -> str:
        """The actor string the store's audit trail records (``counsellor:<id>``)."""
        if self.counsellor is None:
            raise RuntimeError("no counsellor is logged in")
        return f"counsellor:{self.counsellor.id}"

    def logout(self) -> None:
        self.counsellor = None
        self.case_id = None

"""Who is using the kiosk right now: the station, the logged-in counsellor, the open case,
and the visit operations the screens call (``session.visit``)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from kiosk.app import Station
    from kiosk.auth import Counsellor
    from kiosk.visit import Visit


@dataclass
class Session:
    station: Station
    counsellor: Counsellor | None = None
    case_id: str | None = None
    _visit: Visit | None = field(default=None, repr=False)

    @property
    def logged_in(self) -> bool:
        return self.counsellor is not None

    @property
    def actor(self) -> str:
        """The actor string the store's audit trail records (``counsellor:<id>``)."""
        if self.counsellor is None:
            raise RuntimeError("no counsellor is logged in")
        return f"counsellor:{self.counsellor.id}"

    @property
    def visit(self) -> Visit:
        """The visit operations of the logged-in counsellor (the screens' only way to the
        case data); one per log-in, so its working copies never outlive the session."""
        actor = self.actor
        if self._visit is None or self._visit.actor != actor:
            self._visit = self.station.visit(actor)
        return self._visit

    def logout(self) -> None:
        self.counsellor = None
        self.case_id = None
        self._visit = None

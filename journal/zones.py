"""Time zones people can read: the set the plan offers, the names it accepts,
and how a zone is written on a page ("New York (UTC−05:00)").

`offered_time_zones()` is the one definition of what the picker lists: the
zones of the tz database's country tables (zone.tab, zone1970.tab), which name
a region and a city, plus UTC. Server-internal names (Factory, localtime,
posixrules), the Etc/GMT±N zones (whose sign is the opposite of what people
expect) and legacy aliases (US/Eastern, GB) are never offered.
`accepted_time_zone()` also takes a legacy name that still has the
Region/City form, because browsers send some of them (Chrome's Asia/Calcutta).
"""

import datetime
import zoneinfo
from dataclasses import dataclass
from functools import cache, lru_cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone

REGIONS = (
    "Africa",
    "America",
    "Antarctica",
    "Asia",
    "Atlantic",
    "Australia",
    "Europe",
    "Indian",
    "Pacific",
)
UTC = "UTC"
COUNTRY_TABLES = ("zone1970.tab", "zone.tab")
MINUS = "\N{MINUS SIGN}"


@cache
def server_time_zones() -> frozenset[str]:
    """Every name the server's tz database knows, internal ones included."""
    return frozenset(zoneinfo.available_timezones())


def zone_name_in_use(name: str | None) -> str:
    """The zone a plan's dates follow: its stored name, or the site's when
    there is none or the server's tz database no longer knows it (tzdata
    dropped it)."""
    if not name or name not in server_time_zones():
        return settings.TIME_ZONE
    return name


def _region_city(name: str) -> bool:
    region, _, city = name.partition("/")
    return region in REGIONS and bool(city)


def _country_table_zones() -> set[str]:
    names: set[str] = set()
    for folder in zoneinfo.TZPATH:
        for table in COUNTRY_TABLES:
            try:
                lines = (Path(folder) / table).read_text(encoding="utf-8")
            except OSError:
                continue
            for line in lines.splitlines():
                if line and not line.startswith("#"):
                    columns = line.split("\t")
                    if len(columns) >= 3:
                        names.add(columns[2])
    return names


@cache
def offered_time_zones() -> frozenset[str]:
    """The zones the plan's picker lists: one definition for the form, the
    model's validator and the tests."""
    known = server_time_zones()
    # Without the country tables (a tz database packaged without them), every
    # Region/City name: the aliases among them are still readable places.
    listed = _country_table_zones() & known or {
        name for name in known if _region_city(name)
    }
    return frozenset({name for name in listed if _region_city(name)} | ({UTC} & known))


def accepted_time_zone(name: object) -> str | None:
    """`name` when a plan may store it, else None: an offered zone, or a
    Region/City name the server knows (a legacy spelling a browser may send)."""
    if not isinstance(name, str):
        return None
    if name in offered_time_zones():
        return name
    if _region_city(name) and name in server_time_zones():
        return name
    return None


def offset(name: str, now: datetime.datetime | None = None) -> str:
    """The zone's current offset from UTC, as people write it: UTC−05:00."""
    moment = (now or timezone.now()).astimezone(zoneinfo.ZoneInfo(name))
    minutes = int(moment.utcoffset().total_seconds()) // 60
    sign = "+" if minutes >= 0 else MINUS
    hours, minutes = divmod(abs(minutes), 60)
    return f"UTC{sign}{hours:02d}:{minutes:02d}"


def place(name: str) -> str:
    """The place a zone is named after, without its region: "New York",
    "Buenos Aires, Argentina"."""
    parts = name.replace("_", " ").split("/")
    if len(parts) == 1:
        return parts[0]
    return ", ".join(reversed(parts[1:]))


def region(name: str) -> str:
    return name.split("/", 1)[0] if "/" in name else name


def label(name: str, now: datetime.datetime | None = None) -> str:
    """The picker's label: "New York (UTC−05:00)"."""
    return f"{place(name)} ({offset(name, now)})"


def full_label(name: str, now: datetime.datetime | None = None) -> str:
    """How a page names the zone it uses: "America/New York (UTC−05:00)"."""
    return f"{name.replace('_', ' ')} ({offset(name, now)})"


# The picker's offsets are worked out once per hour of UTC, at both ends of
# the hour: a zone whose offset is the same at both has no change of offset in
# between (the tz database has no zone that changes and changes back within an
# hour), so its label holds for the whole hour. A zone whose offset changes
# within the hour (daylight saving time starts or ends in it) is worked out
# again on every request. Working out every zone's offset on every request
# was 80 % of the plan page.
OFFSET_WINDOW = datetime.timedelta(hours=1)


@dataclass(frozen=True)
class _Window:
    # The label of each offered zone whose offset holds all hour.
    steady: dict[str, str]
    # The offered zones as choice groups when every one holds all hour.
    groups: tuple[tuple[str, tuple[tuple[str, str], ...]], ...] | None


def _window_start(now: datetime.datetime) -> datetime.datetime:
    return now.astimezone(datetime.UTC).replace(minute=0, second=0, microsecond=0)


def _grouped(names, label_of) -> list[tuple[str, list[tuple[str, str]]]]:
    groups: dict[str, list[tuple[str, str]]] = {}
    for name in names:
        groups.setdefault(region(name), []).append((name, label_of(name)))
    ordered = [(UTC, groups.pop(UTC))] if UTC in groups else []
    for group in sorted(groups):
        ordered.append(
            (group, sorted(groups[group], key=lambda choice: choice[1].casefold()))
        )
    return ordered


@lru_cache(maxsize=4)
def _window(start: datetime.datetime) -> _Window:
    end = start + OFFSET_WINDOW
    steady = {}
    for name in offered_time_zones():
        first = offset(name, start)
        if first == offset(name, end):
            steady[name] = f"{place(name)} ({first})"
    groups = None
    if len(steady) == len(offered_time_zones()):
        groups = tuple(
            (group, tuple(choices))
            for group, choices in _grouped(steady, steady.__getitem__)
        )
    return _Window(steady=steady, groups=groups)


def grouped_choices(
    extra: str | None = None, now: datetime.datetime | None = None
) -> list[tuple[str, list[tuple[str, str]]]]:
    """The offered zones as Django choice groups, UTC first then the regions
    alphabetically, each sorted by place; `extra` (an accepted name the plan
    already holds but that is not offered) joins its region."""
    now = now or timezone.now()
    window = _window(_window_start(now))
    names = offered_time_zones()
    if extra and extra not in names and accepted_time_zone(extra):
        names = names | {extra}
    elif window.groups is not None:
        return [(group, list(choices)) for group, choices in window.groups]
    return _grouped(names, lambda name: window.steady.get(name) or label(name, now))


def labels_steady_since(
    now: datetime.datetime | None = None,
) -> datetime.datetime | None:
    """The start of the hour of UTC over which grouped_choices() gives the
    same labels (every offered zone's offset holds all hour), or None when a
    zone's offset changes within this hour (its label is worked out on each
    request): for a page that keeps the picker it drew."""
    start = _window_start(now or timezone.now())
    return start if _window(start).groups is not None else None

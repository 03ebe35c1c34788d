"""core.kept: HTML kept per version, for everyone's pages."""

from django.urls import set_script_prefix
from django.utils.safestring import SafeString

from core.kept import VersionedData, VersionedHTML


class Renders:
    def __init__(self):
        self.count = 0

    def __call__(self) -> SafeString:
        self.count += 1
        return SafeString(f"<p>{self.count}</p>")


def test_kept_while_the_version_is_the_same_and_rendered_again_when_it_moves():
    kept, render = VersionedHTML(size=4), Renders()

    assert kept.get("page", "v1", render) == "<p>1</p>"
    assert kept.get("page", "v1", render) == "<p>1</p>"
    assert kept.get("page", "v2", render) == "<p>2</p>"
    assert kept.get("page", "v2", render) == "<p>2</p>"
    assert render.count == 2


def test_nothing_is_kept_without_a_version():
    kept, render = VersionedHTML(size=4), Renders()

    kept.get("preview", None, render)
    kept.get("preview", None, render)

    assert render.count == 2
    assert kept.stored() == []


def test_the_least_recently_stored_goes_first_beyond_its_size():
    kept, render = VersionedHTML(size=2), Renders()
    for key in ("a", "b", "c"):
        kept.get(key, "v1", render)

    assert [key for key, prefix, urlconf in kept.stored()] == ["b", "c"]
    kept.get("a", "v1", render)
    assert render.count == 4


def test_each_script_prefix_has_its_own_copy():
    kept, render = VersionedHTML(size=4), Renders()
    kept.get("page", "v1", render)
    set_script_prefix("/psoas/")
    try:
        assert kept.get("page", "v1", render) == "<p>2</p>"
    finally:
        set_script_prefix("/")
    assert kept.get("page", "v1", render) == "<p>1</p>"


def test_clear_forgets_everything():
    kept, render = VersionedHTML(size=4), Renders()
    kept.get("page", "v1", render)
    kept.clear()

    assert kept.stored() == []
    kept.get("page", "v1", render)
    assert render.count == 2


def test_data_is_kept_per_version_and_each_caller_gets_its_own_copy():
    kept, made = VersionedData(size=4), []

    def make() -> dict:
        made.append(1)
        return {"sets": 2, "steps": ["lie down"]}

    first = kept.get("items", "v1", make)
    first["steps"].append("changed by a caller")
    second = kept.get("items", "v1", make)

    assert second == {"sets": 2, "steps": ["lie down"]}
    assert second is not first and len(made) == 1
    kept.get("items", "v2", make)
    assert len(made) == 2
    kept.clear()
    kept.get("items", "v2", make)
    assert len(made) == 3

"""Unit tests of the output-format registry: ``register``, ``formats_for`` and ``render``.

The registry is global and ``provenance.render`` fills it with the real formats, so these tests register
on throwaway classes, under format names of their own ("test-registry-..."), and put the registry back
as it was after each test (a format for every kind would otherwise show up in every command's choices).
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest

import provenance.render  # noqa: F401  (the real formats are registered, as in use)
from provenance.errors import UsageError
from provenance.render import registry
from provenance.render.registry import formats_for, register, render


@pytest.fixture(autouse=True)
def _restore_registry() -> Iterator[None]:
    for_kind = {fmt: dict(kinds) for fmt, kinds in registry._FOR_KIND.items()}
    for_all, order = dict(registry._FOR_ALL), list(registry._ORDER)
    yield
    registry._FOR_KIND.clear()
    registry._FOR_KIND.update(for_kind)
    registry._FOR_ALL.clear()
    registry._FOR_ALL.update(for_all)
    registry._ORDER[:] = order


class Base:
    pass


class Child(Base):
    pass


class Grandchild(Child):
    pass


class Other:
    pass


def test_a_renderer_renders_its_kind() -> None:
    @register("test-registry-one", Base)
    def one(value: Base) -> str:
        return f"one:{type(value).__name__}"

    assert render(Base(), "test-registry-one") == "one:Base"
    assert "test-registry-one" in formats_for(Base)


def test_register_returns_the_function_itself() -> None:
    def plain(value: object) -> str:
        return "plain"

    assert register("test-registry-same", Base)(plain) is plain
    assert register("test-registry-same-all")(plain) is plain


def test_a_kind_specific_renderer_beats_one_for_all_kinds() -> None:
    register("test-registry-mixed")(lambda value: "for all")
    register("test-registry-mixed", Base)(lambda value: "for Base")
    assert render(Base(), "test-registry-mixed") == "for Base"
    assert render(Other(), "test-registry-mixed") == "for all"


def test_the_kind_specific_renderer_wins_whichever_was_registered_first() -> None:
    register("test-registry-mixed-2", Base)(lambda value: "for Base")
    register("test-registry-mixed-2")(lambda value: "for all")
    assert render(Base(), "test-registry-mixed-2") == "for Base"
    assert render(Other(), "test-registry-mixed-2") == "for all"


def test_a_subclass_finds_its_base_renderer() -> None:
    register("test-registry-base", Base)(lambda value: f"base:{type(value).__name__}")
    assert render(Child(), "test-registry-base") == "base:Child"
    assert render(Grandchild(), "test-registry-base") == "base:Grandchild"
    assert "test-registry-base" in formats_for(Grandchild)


def test_the_nearest_base_renderer_wins() -> None:
    register("test-registry-near", Base)(lambda value: "base")
    register("test-registry-near", Child)(lambda value: "child")
    assert render(Base(), "test-registry-near") == "base"
    assert render(Child(), "test-registry-near") == "child"
    assert render(Grandchild(), "test-registry-near") == "child"


def test_a_base_class_does_not_find_its_subclass_renderer() -> None:
    register("test-registry-down", Child)(lambda value: "child")
    assert "test-registry-down" not in formats_for(Base)
    with pytest.raises(UsageError):
        render(Base(), "test-registry-down")


def test_a_subclass_specific_renderer_beats_its_base_format_for_all_kinds() -> None:
    register("test-registry-all-child")(lambda value: "for all")
    register("test-registry-all-child", Child)(lambda value: "child")
    assert render(Grandchild(), "test-registry-all-child") == "child"
    assert render(Base(), "test-registry-all-child") == "for all"


def test_one_renderer_can_serve_several_kinds() -> None:
    register("test-registry-several", Base, Other)(lambda value: type(value).__name__)
    assert render(Child(), "test-registry-several") == "Child"
    assert render(Other(), "test-registry-several") == "Other"


def test_re_registering_replaces_the_renderer() -> None:
    register("test-registry-again", Base)(lambda value: "first")
    register("test-registry-again", Base)(lambda value: "second")
    assert render(Base(), "test-registry-again") == "second"
    assert formats_for(Base).count("test-registry-again") == 1


def test_formats_for_lists_a_kind_formats_in_registration_order() -> None:
    register("test-registry-zz", Base)(lambda value: "zz")
    register("test-registry-aa", Base)(lambda value: "aa")
    register("test-registry-other-only", Other)(lambda value: "other")
    formats = formats_for(Child)
    mine = [fmt for fmt in formats if fmt.startswith("test-registry-")]
    assert mine == ["test-registry-zz", "test-registry-aa"]
    assert "test-registry-other-only" in formats_for(Other)


def test_a_format_for_all_kinds_is_offered_for_any_kind() -> None:
    class Fresh:
        pass

    assert "test-registry-everywhere" not in formats_for(Fresh)
    register("test-registry-everywhere")(lambda value: "anything")
    assert "test-registry-everywhere" in formats_for(Fresh)
    assert render(Fresh(), "test-registry-everywhere") == "anything"


def test_the_real_json_format_renders_every_kind_and_table_only_some() -> None:
    class Fresh:
        pass

    assert "json" in formats_for(Fresh)
    assert "table" not in formats_for(Fresh)


def test_an_unknown_format_raises_a_usage_error_naming_the_choices() -> None:
    class Throwaway:
        pass

    register("test-registry-choice-a", Throwaway)(lambda value: "a")
    register("test-registry-choice-b", Throwaway)(lambda value: "b")
    with pytest.raises(UsageError) as raised:
        render(Throwaway(), "test-registry-missing")
    message = str(raised.value)
    assert "'test-registry-missing'" in message
    assert "Throwaway" in message
    assert "test-registry-choice-a, test-registry-choice-b" in message
    assert "json" in message  # formats for every kind are choices too


def test_a_format_of_another_kind_is_not_a_choice() -> None:
    class Throwaway:
        pass

    register("test-registry-theirs", Other)(lambda value: "other")
    with pytest.raises(UsageError) as raised:
        render(Throwaway(), "test-registry-theirs")
    assert "test-registry-theirs" not in str(raised.value).split("choose from", 1)[1]


def test_the_registry_is_restored_between_tests() -> None:
    # test_a_format_for_all_kinds_is_offered_for_any_kind registered this one for every kind.
    assert "test-registry-everywhere" not in formats_for(Other)
    assert not any(fmt.startswith("test-registry-") for fmt in registry._ORDER)

"""The project's drawings in templates (exercises/figures/): an exercise's key
poses with their words, a small decorative copy for a card, and the player's
moving figure. Each gives nothing for an exercise without a drawing."""

from django import template

from .. import figures

register = template.Library()


@register.simple_tag
def exercise_figures(exercise, mirrored: bool = False) -> list[figures.Figure]:
    """Every key pose of the exercise's drawing, start first."""
    return figures.figures(exercise.drawing, mirrored=mirrored)


@register.simple_tag
def exercise_thumbnail(exercise) -> figures.Figure | None:
    """The start pose, hidden from screen readers: beside a card's title the
    picture repeats what the title says, and the exercise's page describes
    each position in words."""
    return figures.figure(exercise.drawing, 0, decorative=True)


@register.simple_tag
def exercise_player_figure(exercise) -> figures.PlayerFigure | None:
    return figures.player_figure(exercise.drawing)

from django import template

from handlingsplan.models import Status

register = template.Library()

# Designsystemet colours for the status tags.
COLOURS = {
    Status.NOT_STARTED: "neutral",
    Status.IN_PROGRESS: "info",
    Status.DELAYED: "warning",
    Status.STALLED: "danger",
    Status.COMPLETED: "success",
    Status.DISCONTINUED: "neutral",
}


@register.filter
def status_colour(value):
    return COLOURS.get(value, "neutral")


@register.filter
def status_label(value):
    """The label of a status value (for annotated values such as `current_status`)."""
    try:
        return Status(value).label
    except ValueError:
        return value

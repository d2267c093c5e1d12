"""The admin's fieldsets written in Python, with the markup Django's template writes.

templates/admin/includes/fieldset.html calls `{% fieldset_written %}` instead of Django's
template of that name, whose tags and lookups for each field (a dozen `{% if %}`s, the line's
fields counted five times, the errors asked twice) were half of the meeting screen's time:
its 14 cases in the agenda step are 19 fieldsets with some 400 fields. What it writes is what
Django 6.1's `admin/includes/fieldset.html` writes, whitespace and all; the test renders
every admin screen of the demo both ways (samarbeid/tests/test_admin_fieldset.py).
"""

from django import template
from django.template.base import render_value_in_context
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def fieldset_written(context):
    return mark_safe(write(context))


def _about(field):
    """name, help text, id for the label, hidden: `field.field.…` in the template, where
    `field.field` is the bound field or, for a read-only field, a dict without an id."""
    if field.is_readonly:
        facts = field.field
        return facts["name"], facts["help_text"], "", facts["is_hidden"]
    bound = field.field
    return bound.name, bound.help_text, bound.id_for_label, bound.is_hidden


def write(context):
    def v(value):  # {{ value }}
        return render_value_in_context(value, context)

    fieldset = context.get("fieldset")
    prefix, id_prefix, id_suffix = (v(context.get(n, "")) for n in ("prefix", "id_prefix",
                                                                       "id_suffix"))  # fmt: skip
    heading = f"{prefix}-{id_prefix}-{id_suffix}-heading"
    name = fieldset.name
    out = [f'<fieldset class="module aligned {v(fieldset.classes)}"']
    if name:
        out.append(f' aria-labelledby="{heading}"')
    out.append(">\n    ")
    if name:
        level = v(context.get("heading_level") or 2)
        collapsible = fieldset.is_collapsible
        out.append("\n        ")
        if collapsible:
            out.append("<details><summary>")
        out.append(f'\n        <h{level} id="{heading}" class="fieldset-heading">{v(name)}'
                   f"</h{level}>\n        ")  # fmt: skip
        if collapsible:
            out.append("</summary>")
        out.append("\n    ")
    out.append("\n    ")
    if fieldset.description:
        out.append(f'\n        <div class="description">{fieldset.description}</div>\n    ')
    out.append("\n    ")
    for line in fieldset:
        _line(out, line, v)
    out.append("\n    ")
    if name and fieldset.is_collapsible:
        out.append("</details>")
    out.append("\n</fieldset>\n")
    return "".join(out)


def _line(out, line, v):
    single = len(line.fields) == 1
    fields = [(field, *_about(field)) for field in line]
    classes = ["form-row"]
    if not single:
        classes.append(" flex-container form-multiline")
    if not line.has_visible_field:
        classes.append(" hidden")
    classes += [f" field-{v(name)}" for _, name, *_ in fields if name]
    out.append(f'\n        <div class="{"".join(classes)}">\n            ')
    line_errors = None
    for field, name, help_text, id_for_label, is_hidden in fields:
        is_fieldset = getattr(field, "is_fieldset", False)
        readonly = field.is_readonly
        label = None if is_fieldset else v(field.label_tag())
        out.append("\n                ")
        if is_fieldset:
            out.append("<fieldset")
            if help_text:
                out.append(f' aria-describedby="{v(id_for_label)}_helptext"')
            out.append(f">{v(field.label_tag())}")
        errors = "" if readonly else field.errors()
        if single and not errors:
            line_errors = line.errors() if line_errors is None else line_errors
        flagged = (not readonly and errors) or (single and line_errors)
        box = ["flex-container"]
        if flagged:
            box.append(" errors")
        if not single:
            box.append(" fieldBox")
            if name:
                box.append(f" field-{v(name)}")
            if is_hidden:
                box.append(" hidden")
        if field.is_checkbox:
            box.append(" checkbox-row")
        out.append(f'\n                <div class="{"".join(box)}">\n                    ')
        if field.is_checkbox:
            out.append(f'\n                        <div class="checkbox">\n                        '
                       f"{v(field.field)}\n                        {label or ''}\n"
                       "                        </div>\n                    ")  # fmt: skip
        else:
            out.append(f"\n                        {label or ''}\n                    ")
        out.append("\n                    ")
        if help_text:
            hidden = " hidden" if is_hidden else ""
            ident = f' id="{v(id_for_label)}_helptext"' if id_for_label else ""
            out.append(f'\n                        <div class="help{hidden}"{ident}>\n'
                       f"                            <div>{help_text}</div>\n"
                       "                        </div>\n                    ")  # fmt: skip
        out.append("\n                    ")
        if single:
            line_errors = line.errors() if line_errors is None else line_errors
            out.append(v(line_errors))
        out.append("\n                    ")
        if not single and not readonly:
            out.append(v(errors))
        out.append("\n                        ")
        if not field.is_checkbox:
            out.append("\n                        ")
            if readonly:
                out.append(f'\n                            <div class="readonly">'
                           f"{v(field.contents())}</div>\n                        ")  # fmt: skip
            else:
                out.append(
                    f"\n                            {v(field.field)}\n                        "
                )
            out.append("\n                    ")
        out.append("\n                </div>\n                ")
        if is_fieldset:
            out.append("</fieldset>")
        out.append("\n            ")
    out.append("\n        </div>\n    ")

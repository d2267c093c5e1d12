"""An admin change form as the browser sends it back: for tests that post the admin's screens."""


def form_data(response):
    """Every field of the change form in `response` (the main form and each inline row, with
    the management forms), with the values the page shows."""
    data = {}
    forms = [response.context["adminform"].form]
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        management = formset.management_form
        for name in management.fields:
            data[management.add_prefix(name)] = management[name].value()
        forms.extend(formset.forms)
    for form in forms:
        for field in form:
            _put(data, field)
    return data


def _put(data, field):
    widget, value = field.field.widget, field.value()
    widget = getattr(widget, "widget", widget)  # the admin's wrapper around related fields
    if hasattr(widget, "widgets"):  # a date and a time
        values = value if isinstance(value, list) else widget.decompress(value)
        for i, (part, v) in enumerate(zip(widget.widgets, values, strict=True)):
            data[f"{field.html_name}_{i}"] = part.format_value(v) or ""
    elif isinstance(value, bool):
        if value:
            data[field.html_name] = "on"
    elif isinstance(value, (list, tuple)):
        data[field.html_name] = [str(v) for v in value]
    elif value is not None:
        data[field.html_name] = widget.format_value(value) or ""

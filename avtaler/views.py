from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def index(request):
    """The agreements register: filled in by the agreements issue."""
    return render(request, "avtaler/index.html")

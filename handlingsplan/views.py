from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def index(request):
    """The action plan: filled in by the action-plan issue."""
    return render(request, "handlingsplan/index.html")

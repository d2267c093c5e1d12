from django.shortcuts import render
from django.views.decorators.http import require_safe


@require_safe
def index(request):
    """Meetings and minutes: filled in by the meetings issue."""
    return render(request, "moter/index.html")
